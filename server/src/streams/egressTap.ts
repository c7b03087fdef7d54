/**
 * A measurement hook on every RTP packet a viewer egress sends, for the
 * benchmark (bench/): unset in production, where it costs one property read
 * per packet. The relay and the wire know nothing of it.
 */
import type { RtpParts } from '../relay/rtpParts.js';

export interface EgressTap {
  /** Called after `packet` (plain RTP, before SRTP) was handed to the transport. */
  rtpSent?: (packet: RtpParts) => void;
}

export const egressTap: EgressTap = {};
