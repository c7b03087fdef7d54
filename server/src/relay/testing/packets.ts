/**
 * Packet builders and an in-memory egress for the relay's unit tests. Bytes
 * are laid out by hand from the RFCs so the tests do not trust the code they
 * test: RTP (RFC 3550 §5.1, extensions RFC 8285), VP8 (RFC 7741 §4.2-4.3),
 * receiver reports (RFC 3550 §6.4.2), generic NACKs (RFC 4585 §6.2.1).
 */
import type { Egress, UpstreamFeedback } from '../egress.js';
import { parseRtcp, type ReportBlock, type RtcpFeedback } from '../rtcp.js';
import { readRtpHeader, type RtpHeaderView } from '../rtpHeader.js';
import { joinRtp, rtpPartsOf, type RtpParts } from '../rtpParts.js';

export interface RtpSpec {
  payloadType?: number;
  sequenceNumber?: number;
  timestamp?: number;
  ssrc?: number;
  marker?: boolean;
  csrcs?: number[];
  /** `data` must be a whole number of 32-bit words. */
  extension?: { profile: number; data: Buffer };
  /** Padding bytes to append, the last one holding the count. */
  padding?: number;
  payload?: Buffer;
}

export function buildRtp(spec: RtpSpec = {}): Buffer {
  const csrcs = spec.csrcs ?? [];
  const payload = spec.payload ?? Buffer.from([0xaa, 0xbb, 0xcc]);
  const padding = spec.padding ?? 0;
  const header = Buffer.alloc(12 + 4 * csrcs.length);
  header[0] = 0x80 | (padding > 0 ? 0x20 : 0) | (spec.extension ? 0x10 : 0) | csrcs.length;
  header[1] = (spec.marker ? 0x80 : 0) | (spec.payloadType ?? 96);
  header.writeUInt16BE(spec.sequenceNumber ?? 1000, 2);
  header.writeUInt32BE(spec.timestamp ?? 90_000, 4);
  header.writeUInt32BE(spec.ssrc ?? 0x11111111, 8);
  csrcs.forEach((csrc, i) => header.writeUInt32BE(csrc, 12 + 4 * i));
  const parts: Buffer[] = [header];
  if (spec.extension) {
    const extensionHeader = Buffer.alloc(4);
    extensionHeader.writeUInt16BE(spec.extension.profile, 0);
    extensionHeader.writeUInt16BE(spec.extension.data.length / 4, 2);
    parts.push(extensionHeader, spec.extension.data);
  }
  parts.push(payload);
  if (padding > 0) {
    const pad = Buffer.alloc(padding);
    pad[padding - 1] = padding;
    parts.push(pad);
  }
  return Buffer.concat(parts);
}

/** A one-byte-header extension block (RFC 8285 §4.2) with abs-send-time as id 3. */
export function absSendTimeExtension(value = 0x123456): { profile: number; data: Buffer } {
  return { profile: 0xbede, data: Buffer.from([0x32, value >> 16, (value >> 8) & 0xff, value & 0xff]) };
}

export interface Vp8DescriptorSpec {
  /** S bit: start of a VP8 partition. Default true. */
  start?: boolean;
  partitionId?: number;
  pictureId?: number;
  pictureIdBits?: 7 | 15;
  tl0PicIdx?: number;
  /** Temporal layer index (T bit); `keyIdx` sets the K bit. */
  tid?: number;
  keyIdx?: number;
}

function vp8Descriptor(spec: Vp8DescriptorSpec): Buffer {
  const first = ((spec.start ?? true) ? 0x10 : 0) | ((spec.partitionId ?? 0) & 0x07);
  const hasPictureId = spec.pictureId !== undefined;
  const hasTl0 = spec.tl0PicIdx !== undefined;
  const hasTid = spec.tid !== undefined;
  const hasKeyIdx = spec.keyIdx !== undefined;
  if (!hasPictureId && !hasTl0 && !hasTid && !hasKeyIdx) return Buffer.from([first]);
  const bytes = [first | 0x80, (hasPictureId ? 0x80 : 0) | (hasTl0 ? 0x40 : 0) | (hasTid ? 0x20 : 0) | (hasKeyIdx ? 0x10 : 0)];
  if (hasPictureId) {
    const id = spec.pictureId!;
    if (spec.pictureIdBits === 15) bytes.push(0x80 | ((id >> 8) & 0x7f), id & 0xff);
    else bytes.push(id & 0x7f);
  }
  if (hasTl0) bytes.push(spec.tl0PicIdx! & 0xff);
  if (hasTid || hasKeyIdx) bytes.push(((spec.tid ?? 0) << 6) | ((spec.keyIdx ?? 0) & 0x1f));
  return Buffer.from(bytes);
}

export interface Vp8FrameSize {
  width: number;
  height: number;
  /** The 2 scaling bits above each 14-bit dimension (RFC 6386 §9.1); 0 by default. */
  horizontalScale?: number;
  verticalScale?: number;
}

/**
 * VP8 keyframe header (RFC 6386 §9.1, RFC 7741 §4.3): a 3-byte frame tag with
 * the P bit (0x01) clear, the start code 9d 01 2a, then width and height as
 * 14 bits each (little-endian) under 2 scaling bits.
 */
function keyframeHeader(size: Vp8FrameSize): Buffer {
  const header = Buffer.from([0x10, 0x02, 0x00, 0x9d, 0x01, 0x2a, 0, 0, 0, 0]);
  header.writeUInt16LE(((size.horizontalScale ?? 0) << 14) | (size.width & 0x3fff), 6);
  header.writeUInt16LE(((size.verticalScale ?? 0) << 14) | (size.height & 0x3fff), 8);
  return header;
}

/** Frame tag of a delta frame: P bit (0x01) set. */
const DELTA_HEADER = Buffer.from([0x11, 0x02, 0x00, 0x55, 0x66]);

/** The first packet of a VP8 keyframe announcing `size` (640x480 by default). */
export function vp8Keyframe(spec: Vp8DescriptorSpec = {}, size: Vp8FrameSize = { width: 640, height: 480 }): Buffer {
  return Buffer.concat([vp8Descriptor(spec), keyframeHeader(size)]);
}

export function vp8Delta(spec: Vp8DescriptorSpec = {}): Buffer {
  return Buffer.concat([vp8Descriptor(spec), DELTA_HEADER]);
}

/** PictureID of a VP8 payload descriptor (RFC 7741 §4.2), read by hand: X bit, I bit, then 7 or 15 bits (M). */
export function vp8PictureIdOf(payload: Buffer): number | undefined {
  if (payload.length < 3 || !(payload[0]! & 0x80) || !(payload[1]! & 0x80)) return undefined;
  return payload[2]! & 0x80 ? ((payload[2]! & 0x7f) << 8) | payload[3]! : payload[2]!;
}

/** A receiver report (RFC 3550 §6.4.2) laid out field by field. */
export function buildReceiverReport(senderSsrc: number, blocks: ReportBlock[]): Buffer {
  const buf = Buffer.alloc(8 + 24 * blocks.length);
  buf[0] = 0x80 | blocks.length;
  buf[1] = 201;
  buf.writeUInt16BE(buf.length / 4 - 1, 2);
  buf.writeUInt32BE(senderSsrc, 4);
  blocks.forEach((block, i) => {
    const at = 8 + 24 * i;
    buf.writeUInt32BE(block.ssrc, at);
    buf.writeUInt32BE(((block.fractionLost & 0xff) << 24 | (block.packetsLost & 0xffffff)) >>> 0, at + 4);
    buf.writeUInt32BE(block.highestSequence, at + 8);
    buf.writeUInt32BE(block.jitter, at + 12);
    buf.writeUInt32BE(block.lastSenderReport, at + 16);
    buf.writeUInt32BE(block.delaySinceLastSenderReport, at + 20);
  });
  return buf;
}

/** A FIR (RFC 5104 §4.3.1) with one FCI entry per SSRC, laid out field by field. */
export function buildFirFor(senderSsrc: number, mediaSsrcs: number[], commandSequence = 1): Buffer {
  const buf = Buffer.alloc(12 + 8 * mediaSsrcs.length);
  buf[0] = 0x80 | 4;
  buf[1] = 206;
  buf.writeUInt16BE(buf.length / 4 - 1, 2);
  buf.writeUInt32BE(senderSsrc, 4);
  mediaSsrcs.forEach((ssrc, i) => {
    buf.writeUInt32BE(ssrc, 12 + 8 * i);
    buf[16 + 8 * i] = commandSequence;
  });
  return buf;
}

/**
 * A generic NACK (RFC 4585 §6.2.1) laid out field by field: one FCI per
 * `[pid, blp]`, where bit i of BLP reports pid + i + 1 lost (modulo 2^16).
 */
export function buildNackFor(senderSsrc: number, mediaSsrc: number, fci: Array<[pid: number, blp: number]>): Buffer {
  const buf = Buffer.alloc(12 + 4 * fci.length);
  buf[0] = 0x80 | 1;
  buf[1] = 205;
  buf.writeUInt16BE(buf.length / 4 - 1, 2);
  buf.writeUInt32BE(senderSsrc, 4);
  buf.writeUInt32BE(mediaSsrc, 8);
  fci.forEach(([pid, blp], i) => {
    buf.writeUInt16BE(pid, 12 + 4 * i);
    buf.writeUInt16BE(blp, 14 + 4 * i);
  });
  return buf;
}

/** The one RTCP message in `packet`, parsed as the relay parses what a viewer sends; throws on anything else. */
export function feedbackOf(packet: Buffer): RtcpFeedback {
  const parsed = parseRtcp(packet);
  if (parsed.length !== 1) throw new Error(`expected one RTCP message, parsed ${parsed.length}: ${packet.toString('hex')}`);
  return parsed[0]!;
}

/** `packet` as the parts an egress takes (split after its header); throws when it is not RTP. */
export function mustSplit(packet: Buffer): RtpParts {
  const parts = rtpPartsOf(packet);
  if (!parts) throw new Error(`not an RTP packet: ${packet.toString('hex')}`);
  return parts;
}

/** Records every packet written to it (RTP joined from its parts), as a viewer's leg or a publisher's feedback path. */
export class RecordingEgress implements Egress, UpstreamFeedback {
  readonly rtp: Buffer[] = [];
  readonly rtcp: Buffer[] = [];

  sendRtp(packet: RtpParts): void {
    this.rtp.push(joinRtp(packet));
  }

  sendRtcp(packet: Buffer): void {
    this.rtcp.push(packet);
  }

  /** Parsed headers of the RTP sent so far; throws on a malformed packet. */
  get headers(): RtpHeaderView[] {
    return this.rtp.map((packet) => {
      const header = readRtpHeader(packet);
      if (!header) throw new Error(`egress sent a malformed RTP packet: ${packet.toString('hex')}`);
      return header;
    });
  }

  get sequenceNumbers(): number[] {
    return this.headers.map((h) => h.sequenceNumber);
  }

  get timestamps(): number[] {
    return this.headers.map((h) => h.timestamp);
  }

  /** VP8 PictureIDs of the RTP sent so far (undefined where a payload carries none). */
  get pictureIds(): Array<number | undefined> {
    return this.headers.map((header, i) => vp8PictureIdOf(this.rtp[i]!.subarray(header.payloadOffset)));
  }
}
