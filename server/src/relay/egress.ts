/**
 * What a down-track writes to: one viewer's leg for one kind of media. The
 * WebRTC implementation lives in streams/; tests use an in-memory one.
 */
export interface Egress {
  sendRtp(packet: Buffer): void;
  sendRtcp(packet: Buffer): void;
}

/** What an ingest writes back to its publisher. */
export interface UpstreamFeedback {
  sendRtcp(packet: Buffer): void;
}
