/**
 * Which SRTP sender the viewer egress uses: ours (`own`, the default: plain
 * Buffers through srtpProtector.ts) or werift's (`werift`: each packet
 * re-parsed into werift's RtpPacket, kept for comparison). Chosen with
 * RELAYRTC_EGRESS_SRTP; `npm run bench` measures both.
 */
import { ConfigError } from '../config/values.js';

export type EgressSrtp = 'own' | 'werift';

export const EGRESS_SRTP_ENV = 'RELAYRTC_EGRESS_SRTP';

export function egressSrtpFromEnv(env: NodeJS.ProcessEnv = process.env): EgressSrtp {
  const value = env[EGRESS_SRTP_ENV]?.trim().toLowerCase() ?? '';
  if (value === '' || value === 'own') return 'own';
  if (value === 'werift') return 'werift';
  throw new ConfigError(EGRESS_SRTP_ENV, `${EGRESS_SRTP_ENV} must be 'own' or 'werift', not '${value}'`);
}

let chosen: EgressSrtp | undefined;

/** The process-wide choice, read from the environment once. */
export function defaultEgressSrtp(): EgressSrtp {
  return (chosen ??= egressSrtpFromEnv());
}
