/**
 * What a down-track writes to: one viewer's leg for one kind of media. The
 * WebRTC implementation lives in streams/; tests use an in-memory one.
 */
import type { RtpParts } from './rtpParts.js';

export interface Egress {
  /** Sends one RTP packet. Its head is reused for the next packet: read it during the call, keep a copy if anything. */
  sendRtp(packet: RtpParts): void;
  sendRtcp(packet: Buffer): void;
}

/** What an ingest writes back to its publisher. */
export interface UpstreamFeedback {
  sendRtcp(packet: Buffer): void;
}
