/**
 * The RTCP the relay reads and writes, on raw Buffers:
 * sender and receiver reports (RFC 3550 §6.4.1-6.4.2), generic NACK (RFC 4585 §6.2.1),
 * PLI (RFC 4585 §6.3.1), FIR (RFC 5104 §4.3.1) and REMB
 * (draft-alvestrand-rmcat-remb-03).
 */

export const RTCP_SR = 200;
export const RTCP_RR = 201;
export const RTCP_RTPFB = 205;
export const RTCP_PSFB = 206;
const FMT_NACK = 1;
const FMT_PLI = 1;
const FMT_FIR = 4;
const FMT_AFB = 15;
const REMB_IDENTIFIER = 0x52454d42; // "REMB"

export interface ReportBlock {
  ssrc: number;
  fractionLost: number;
  packetsLost: number;
  highestSequence: number;
  jitter: number;
  lastSenderReport: number;
  delaySinceLastSenderReport: number;
}

/** The sender-info part of an SR (RFC 3550 §6.4.1): a wall-clock (NTP) ↔ RTP time pairing. */
export interface SenderInfo {
  ntpSeconds: number;
  ntpFraction: number;
  rtpTimestamp: number;
  packetCount: number;
  octetCount: number;
}

export type RtcpFeedback =
  | { type: 'sr'; senderSsrc: number; info: SenderInfo }
  | { type: 'pli'; senderSsrc: number; mediaSsrc: number }
  | { type: 'fir'; senderSsrc: number; mediaSsrcs: number[] }
  | { type: 'nack'; senderSsrc: number; mediaSsrc: number; lost: number[] }
  | { type: 'remb'; senderSsrc: number; bitrate: number; ssrcs: number[] }
  | { type: 'rr'; senderSsrc: number; reports: ReportBlock[] };

function readReportBlock(buf: Buffer, at: number): ReportBlock {
  const lostWord = buf.readUInt32BE(at + 4);
  const packetsLost = lostWord & 0x00ffffff;
  return {
    ssrc: buf.readUInt32BE(at),
    fractionLost: lostWord >>> 24,
    packetsLost: packetsLost & 0x800000 ? packetsLost - 0x1000000 : packetsLost,
    highestSequence: buf.readUInt32BE(at + 8),
    jitter: buf.readUInt32BE(at + 12),
    lastSenderReport: buf.readUInt32BE(at + 16),
    delaySinceLastSenderReport: buf.readUInt32BE(at + 20),
  };
}

function parseNackItems(buf: Buffer, from: number, to: number): number[] {
  const lost: number[] = [];
  for (let at = from; at + 4 <= to; at += 4) {
    const pid = buf.readUInt16BE(at);
    const bitmask = buf.readUInt16BE(at + 2);
    lost.push(pid);
    for (let bit = 0; bit < 16; bit++) if (bitmask & (1 << bit)) lost.push((pid + bit + 1) & 0xffff);
  }
  return lost;
}

function parseOne(buf: Buffer, start: number, end: number): RtcpFeedback | undefined {
  const count = buf[start]! & 0x1f;
  const packetType = buf[start + 1]!;
  const senderSsrc = buf.readUInt32BE(start + 4);
  const body = start + 8;
  if (packetType === RTCP_SR && end >= body + 20) {
    const info: SenderInfo = {
      ntpSeconds: buf.readUInt32BE(body),
      ntpFraction: buf.readUInt32BE(body + 4),
      rtpTimestamp: buf.readUInt32BE(body + 8),
      packetCount: buf.readUInt32BE(body + 12),
      octetCount: buf.readUInt32BE(body + 16),
    };
    return { type: 'sr', senderSsrc, info };
  }
  if (packetType === RTCP_RR) {
    const reports: ReportBlock[] = [];
    for (let i = 0; i < count && body + 24 * (i + 1) <= end; i++) reports.push(readReportBlock(buf, body + 24 * i));
    return { type: 'rr', senderSsrc, reports };
  }
  if (end < body + 4) return undefined;
  const mediaSsrc = buf.readUInt32BE(body);
  if (packetType === RTCP_RTPFB && count === FMT_NACK) {
    return { type: 'nack', senderSsrc, mediaSsrc, lost: parseNackItems(buf, body + 4, end) };
  }
  if (packetType !== RTCP_PSFB) return undefined;
  if (count === FMT_PLI) return { type: 'pli', senderSsrc, mediaSsrc };
  if (count === FMT_FIR) {
    const mediaSsrcs: number[] = [];
    for (let at = body + 4; at + 8 <= end; at += 8) mediaSsrcs.push(buf.readUInt32BE(at));
    return { type: 'fir', senderSsrc, mediaSsrcs };
  }
  if (count === FMT_AFB && end >= body + 12 && buf.readUInt32BE(body + 4) === REMB_IDENTIFIER) {
    const ssrcCount = buf[body + 8]!;
    const exponent = buf[body + 9]! >> 2;
    const mantissa = ((buf[body + 9]! & 0x03) << 16) | buf.readUInt16BE(body + 10);
    const ssrcs: number[] = [];
    for (let i = 0; i < ssrcCount && body + 16 + 4 * i <= end; i++) ssrcs.push(buf.readUInt32BE(body + 12 + 4 * i));
    return { type: 'remb', senderSsrc, bitrate: mantissa * 2 ** exponent, ssrcs };
  }
  return undefined;
}

/** Splits a compound RTCP packet and returns the parts the relay acts on; malformed input yields []. */
export function parseRtcp(buf: Buffer): RtcpFeedback[] {
  const feedback: RtcpFeedback[] = [];
  let at = 0;
  while (at + 8 <= buf.length) {
    if (buf[at]! >> 6 !== 2) break;
    const end = at + 4 * (buf.readUInt16BE(at + 2) + 1);
    if (end > buf.length) break;
    const parsed = parseOne(buf, at, end);
    if (parsed) feedback.push(parsed);
    at = end;
  }
  return feedback;
}

function header(fmtOrCount: number, packetType: number, lengthWords: number): Buffer {
  const buf = Buffer.alloc(4 * (lengthWords + 1));
  buf[0] = 0x80 | (fmtOrCount & 0x1f);
  buf[1] = packetType;
  buf.writeUInt16BE(lengthWords, 2);
  return buf;
}

/** An SR without report blocks (RFC 3550 §6.4.1): what a relay's send-only leg reports. */
export function buildSenderReport(senderSsrc: number, info: SenderInfo): Buffer {
  const buf = header(0, RTCP_SR, 6);
  buf.writeUInt32BE(senderSsrc >>> 0, 4);
  buf.writeUInt32BE(info.ntpSeconds >>> 0, 8);
  buf.writeUInt32BE(info.ntpFraction >>> 0, 12);
  buf.writeUInt32BE(info.rtpTimestamp >>> 0, 16);
  buf.writeUInt32BE(info.packetCount >>> 0, 20);
  buf.writeUInt32BE(info.octetCount >>> 0, 24);
  return buf;
}

export function buildPli(senderSsrc: number, mediaSsrc: number): Buffer {
  const buf = header(FMT_PLI, RTCP_PSFB, 2);
  buf.writeUInt32BE(senderSsrc >>> 0, 4);
  buf.writeUInt32BE(mediaSsrc >>> 0, 8);
  return buf;
}

export function buildFir(senderSsrc: number, mediaSsrc: number, commandSequence: number): Buffer {
  const buf = header(FMT_FIR, RTCP_PSFB, 4);
  buf.writeUInt32BE(senderSsrc >>> 0, 4);
  buf.writeUInt32BE(mediaSsrc >>> 0, 12);
  buf[16] = commandSequence & 0xff;
  return buf;
}

export function buildNack(senderSsrc: number, mediaSsrc: number, lost: number[]): Buffer {
  const items: Array<[number, number]> = [];
  for (const seq of [...lost].sort((a, b) => a - b)) {
    const last = items[items.length - 1];
    const delta = last ? (seq - last[0]) & 0xffff : 0;
    if (last && delta >= 1 && delta <= 16) last[1] |= 1 << (delta - 1);
    else items.push([seq, 0]);
  }
  const buf = header(FMT_NACK, RTCP_RTPFB, 2 + items.length);
  buf.writeUInt32BE(senderSsrc >>> 0, 4);
  buf.writeUInt32BE(mediaSsrc >>> 0, 8);
  items.forEach(([pid, blp], i) => {
    buf.writeUInt16BE(pid, 12 + 4 * i);
    buf.writeUInt16BE(blp, 14 + 4 * i);
  });
  return buf;
}

export function buildRemb(senderSsrc: number, bitrate: number, ssrcs: number[]): Buffer {
  let exponent = 0;
  let mantissa = Math.max(0, Math.floor(bitrate));
  while (mantissa > 0x3ffff) {
    mantissa = Math.floor(mantissa / 2);
    exponent++;
  }
  const buf = header(FMT_AFB, RTCP_PSFB, 4 + ssrcs.length);
  buf.writeUInt32BE(senderSsrc >>> 0, 4);
  buf.writeUInt32BE(0, 8); // media source SSRC is always 0 for REMB
  buf.writeUInt32BE(REMB_IDENTIFIER, 12);
  buf[16] = ssrcs.length;
  buf[17] = (exponent << 2) | (mantissa >> 16);
  buf.writeUInt16BE(mantissa & 0xffff, 18);
  ssrcs.forEach((ssrc, i) => buf.writeUInt32BE(ssrc >>> 0, 20 + 4 * i));
  return buf;
}
