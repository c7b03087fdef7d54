#!/usr/bin/env bash
# A self-signed certificate for local HTTPS/WSS testing (Safari and iOS need a
# secure context for getUserMedia except on localhost). Never commit it:
# certs/ is in .gitignore.
#
#   bash scripts/generate-cert.sh [DIR] [EXTRA_NAME...]
#
# Writes DIR/relayrtc.crt and DIR/relayrtc.key (DIR defaults to certs/), valid
# for localhost, 127.0.0.1, ::1 and any extra DNS names or IP addresses given.
# Then: relayrtc-server --tls-cert certs/relayrtc.crt --tls-key certs/relayrtc.key
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
DIR=${1:-certs}
shift || true
mkdir -p "$DIR"

SAN="DNS:localhost,IP:127.0.0.1,IP:::1"
for name in "$@"; do
  if [[ $name =~ ^[0-9.]+$ || $name == *:* ]]; then SAN+=",IP:$name"; else SAN+=",DNS:$name"; fi
done

# EC P-256: small, fast, accepted by every browser; 397 days is the longest validity Safari accepts.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -sha256 -days 397 \
  -keyout "$DIR/relayrtc.key" -out "$DIR/relayrtc.crt" \
  -subj "/CN=RelayRTC local" -addext "subjectAltName=$SAN" \
  -addext "basicConstraints=critical,CA:FALSE" -addext "extendedKeyUsage=serverAuth" 2>/dev/null
chmod 600 "$DIR/relayrtc.key"
echo "wrote $DIR/relayrtc.crt and $DIR/relayrtc.key ($SAN)"
