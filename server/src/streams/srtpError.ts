/** Errors of our SRTP sender (the viewer egress fast path), each with a stable code. */

export type SrtpErrorCode =
  /** The DTLS-SRTP handshake chose a protection profile we do not implement. */
  | 'SRTP_UNSUPPORTED_PROFILE'
  /** A master key or salt of the wrong length for its profile. */
  | 'SRTP_BAD_KEY'
  /** The transport has no SRTP keys yet (DTLS not connected, or werift changed its internals). */
  | 'SRTP_KEYS_UNAVAILABLE'
  /** The buffer handed to protect() is not an RTP packet (RFC 3550 §5.1). */
  | 'SRTP_BAD_PACKET';

export class SrtpError extends Error {
  constructor(
    readonly code: SrtpErrorCode,
    message: string,
    options: { cause?: unknown } = {},
  ) {
    super(message);
    this.name = 'SrtpError';
    if (options.cause !== undefined) this.cause = options.cause;
  }
}
