/**
 * RTP fixed-header reading and rewriting on raw Buffers (RFC 3550 §5.1,
 * header extensions RFC 8285). The hot path: a viewer's header is written
 * into a buffer its down-track reuses, and the payload is never copied.
 */

export interface RtpHeaderView {
  marker: boolean;
  payloadType: number;
  sequenceNumber: number;
  timestamp: number;
  ssrc: number;
  /** Byte offset of the payload (after CSRCs and any header extension). */
  payloadOffset: number;
  /** Number of padding bytes at the end (0 when the P bit is clear). */
  paddingLength: number;
}

const FIXED_HEADER_BYTES = 12;

/** Parses the header; `undefined` when the buffer is not a well-formed RTP packet. */
export function readRtpHeader(packet: Buffer): RtpHeaderView | undefined {
  if (packet.length < FIXED_HEADER_BYTES || packet[0]! >> 6 !== 2) return undefined;
  const first = packet[0]!;
  const csrcCount = first & 0x0f;
  let payloadOffset = FIXED_HEADER_BYTES + 4 * csrcCount;
  if (first & 0x10) {
    if (packet.length < payloadOffset + 4) return undefined;
    payloadOffset += 4 + 4 * packet.readUInt16BE(payloadOffset + 2);
  }
  const paddingLength = first & 0x20 ? packet[packet.length - 1]! : 0;
  if (payloadOffset + paddingLength > packet.length) return undefined;
  return {
    marker: (packet[1]! & 0x80) !== 0,
    payloadType: packet[1]! & 0x7f,
    sequenceNumber: packet.readUInt16BE(2),
    timestamp: packet.readUInt32BE(4),
    ssrc: packet.readUInt32BE(8),
    payloadOffset,
    paddingLength,
  };
}

export interface RtpRewrite {
  ssrc: number;
  payloadType: number;
  sequenceNumber: number;
  timestamp: number;
}

/**
 * Writes at the start of `out` the header of `packet` with a new SSRC,
 * payload type, sequence number and timestamp, and without its header
 * extension: extension ids are negotiated per leg, so the publisher's ids
 * mean nothing to a viewer (werift bug 2 in DESIGN.md). CSRCs, the marker
 * and the padding bit are kept. Returns the header's length; the payload is
 * not copied (it follows as its own part, see rtpParts.ts).
 */
export function writeRewrittenHeader(out: Buffer, packet: Buffer, rewrite: RtpRewrite): number {
  const headerBytes = FIXED_HEADER_BYTES + 4 * (packet[0]! & 0x0f);
  out[0] = packet[0]! & ~0x10;
  out[1] = (packet[1]! & 0x80) | (rewrite.payloadType & 0x7f);
  out.writeUInt16BE(rewrite.sequenceNumber & 0xffff, 2);
  out.writeUInt32BE(rewrite.timestamp >>> 0, 4);
  out.writeUInt32BE(rewrite.ssrc >>> 0, 8);
  packet.copy(out, FIXED_HEADER_BYTES, FIXED_HEADER_BYTES, headerBytes);
  return headerBytes;
}

/** `a - b` on the 16-bit sequence-number circle, in [-32768, 32767]. */
export function sequenceDelta(a: number, b: number): number {
  return ((((a - b) & 0xffff) + 0x8000) & 0xffff) - 0x8000;
}
