/**
 * An outgoing RTP packet in two parts sent back to back, so the relay never
 * copies a payload per viewer: `head` is written for one viewer (the RTP
 * header, then at most the few payload bytes that differ per viewer, e.g.
 * VP8 picture ids), `tail` is the rest of the payload exactly as the
 * publisher sent it, shared by every viewer and never modified.
 */
export interface RtpParts {
  /** The RTP header (its first `headerBytes`), possibly followed by the payload's first bytes. */
  readonly head: Buffer;
  readonly headerBytes: number;
  /** The rest of the payload, padding included. */
  readonly tail: Buffer;
}

/** The largest head the relay writes: 12 bytes, 15 CSRCs, and a VP8 descriptor up to TL0PICIDX (RFC 7741 §4.2). */
export const MAX_HEAD_BYTES = 12 + 15 * 4 + 5;

/** Length of the RTP header (RFC 3550 §5.1, extension §5.3.1) at the start of `packet`, or -1 if it is not RTP. */
export function rtpHeaderLength(packet: Buffer): number {
  if (packet.length < 12 || packet[0]! >> 6 !== 2) return -1;
  let length = 12 + 4 * (packet[0]! & 0x0f);
  if (packet[0]! & 0x10) {
    if (packet.length < length + 4) return -1;
    length += 4 + 4 * packet.readUInt16BE(length + 2);
  }
  return length <= packet.length ? length : -1;
}

/** `packet` split after its header (extension included); undefined when it is not RTP. */
export function rtpPartsOf(packet: Buffer): RtpParts | undefined {
  const headerBytes = rtpHeaderLength(packet);
  if (headerBytes < 0) return undefined;
  return { head: packet.subarray(0, headerBytes), headerBytes, tail: packet.subarray(headerBytes) };
}

/** The packet the parts make, as one new Buffer (slow paths and tests). */
export function joinRtp(parts: RtpParts): Buffer {
  return Buffer.concat([parts.head, parts.tail]);
}
