#!/usr/bin/env bash
# npm run bench [-- --smoke | options]: runs bench/src/main.ts inside a fresh
# network namespace with only `lo` up (as scripts/test.sh does), so every
# address the publisher, server and viewers use is loopback. Without a
# namespace (no root, no user namespaces) it says so and uses the host network.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
IP=$(command -v ip || echo /usr/sbin/ip)
for candidate in "unshare -n" "unshare -rn"; do
  if $candidate -- "$IP" link set lo up 2>/dev/null; then
    exec $candidate -- sh -c '
      ip=$1; shift
      "$ip" link set lo up && "$ip" route add default dev lo src 127.0.0.1 || exit 98
      exec "$@"' sh "$IP" node --import tsx bench/src/main.ts "$@"
  fi
done
echo "[bench] note: no private network namespace (unshare -n and -rn refused): using the host network, loopback addresses only" >&2
exec node --import tsx bench/src/main.ts "$@"
