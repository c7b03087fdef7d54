/**
 * The one place that reads werift's DTLS-SRTP result: the protection profile
 * the handshake chose and our side's master key and salt (RFC 5764 §4.2),
 * which werift keeps in the SrtpSession it builds in
 * RTCDtlsTransport.updateSrtpSession (werift 0.25.2).
 */
import type { RTCDtlsTransport } from 'werift';
import { SrtpError } from './srtpError.js';
import { deriveSrtpSessionKeys, srtpProfileFromId, type SrtpSessionKeys } from './srtpKeys.js';

/** werift's SrtpSession object, whose identity changes when the keys do. */
export type WeriftSrtpSession = RTCDtlsTransport['srtp'];

export function currentSrtpSession(dtls: RTCDtlsTransport): WeriftSrtpSession | undefined {
  return dtls.srtp as WeriftSrtpSession | undefined;
}

/** Our sending keys for `session`, derived afresh from its master key (we keep no werift state). */
export function localSrtpKeys(session: WeriftSrtpSession | undefined): SrtpSessionKeys {
  const config = session?.config;
  if (!config?.keys?.localMasterKey || !config.keys.localMasterSalt) {
    throw new SrtpError('SRTP_KEYS_UNAVAILABLE', 'the DTLS transport has no SRTP keys yet (handshake not finished?)');
  }
  return deriveSrtpSessionKeys(srtpProfileFromId(config.profile), config.keys.localMasterKey, config.keys.localMasterSalt);
}
