/**
 * H.264 over RTP (RFC 6184, packetization-mode 1): finding the packet that
 * starts a keyframe, and the frame size its sequence parameter set announces
 * (ITU-T H.264 §7.3.2.1.1).
 */
import type { FrameSize } from './vp8.js';

const NAL_IDR = 5;
const NAL_SPS = 7;
const NAL_PPS = 8;
const NAL_STAP_A = 24;
const NAL_FU_A = 28;

/** The NAL units a payload carries whole (single NAL or STAP-A), or the start of a fragmented one. */
function nalUnits(payload: Buffer): Array<{ type: number; nal: Buffer | undefined }> {
  if (payload.length < 1) return [];
  const type = payload[0]! & 0x1f;
  if (type === NAL_STAP_A) {
    const units: Array<{ type: number; nal: Buffer }> = [];
    for (let at = 1; at + 2 < payload.length; ) {
      const size = payload.readUInt16BE(at);
      const nal = payload.subarray(at + 2, at + 2 + size);
      if (nal.length === 0) break;
      units.push({ type: nal[0]! & 0x1f, nal });
      at += 2 + size;
    }
    return units;
  }
  if (type === NAL_FU_A) {
    const fuHeader = payload[1];
    const starts = fuHeader !== undefined && (fuHeader & 0x80) !== 0;
    return starts ? [{ type: fuHeader! & 0x1f, nal: undefined }] : [];
  }
  return [{ type, nal: payload }];
}

/** True for the first packet of a keyframe: one carrying an SPS, or the start of an IDR slice. */
export function isH264KeyframeStart(payload: Buffer): boolean {
  return nalUnits(payload).some((unit) => unit.type === NAL_SPS || unit.type === NAL_IDR);
}

/** Reads bits MSB-first from an RBSP, with Exp-Golomb codes (H.264 §9.1). */
class BitReader {
  private bit = 0;
  constructor(private readonly bytes: Buffer) {}

  u(count: number): number {
    let value = 0;
    for (let i = 0; i < count; i++) {
      const byte = this.bytes[this.bit >> 3];
      if (byte === undefined) throw new RangeError('SPS truncated');
      value = value * 2 + ((byte >> (7 - (this.bit & 7))) & 1);
      this.bit++;
    }
    return value;
  }

  ue(): number {
    let zeros = 0;
    while (this.u(1) === 0) if (++zeros > 31) throw new RangeError('bad Exp-Golomb code');
    return 2 ** zeros - 1 + this.u(zeros);
  }

  se(): number {
    const code = this.ue();
    return code % 2 === 1 ? (code + 1) / 2 : -(code / 2);
  }
}

/** Removes emulation-prevention bytes (00 00 03 → 00 00, §7.4.1). */
function rbsp(nal: Buffer): Buffer {
  const out: number[] = [];
  for (let i = 0; i < nal.length; i++) {
    if (i >= 2 && nal[i] === 3 && nal[i - 1] === 0 && nal[i - 2] === 0) continue;
    out.push(nal[i]!);
  }
  return Buffer.from(out);
}

const HIGH_PROFILES = new Set([100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135]);

function skipScalingList(bits: BitReader, size: number): void {
  let last = 8;
  let next = 8;
  for (let j = 0; j < size; j++) {
    if (next !== 0) next = (last + bits.se() + 256) % 256;
    last = next === 0 ? last : next;
  }
}

/** Frame size from an SPS NAL unit (header byte included). */
export function parseSpsFrameSize(nal: Buffer): FrameSize | undefined {
  try {
    const bits = new BitReader(rbsp(nal.subarray(1)));
    const profile = bits.u(8);
    bits.u(16); // constraint flags, level_idc
    bits.ue(); // seq_parameter_set_id
    let chromaFormat = 1;
    if (HIGH_PROFILES.has(profile)) {
      chromaFormat = bits.ue();
      if (chromaFormat === 3) bits.u(1);
      bits.ue();
      bits.ue();
      bits.u(1);
      if (bits.u(1)) for (let i = 0; i < (chromaFormat === 3 ? 12 : 8); i++) if (bits.u(1)) skipScalingList(bits, i < 6 ? 16 : 64);
    }
    bits.ue(); // log2_max_frame_num_minus4
    const pocType = bits.ue();
    if (pocType === 0) bits.ue();
    else if (pocType === 1) {
      bits.u(1);
      bits.se();
      bits.se();
      const cycle = bits.ue();
      for (let i = 0; i < cycle; i++) bits.se();
    }
    bits.ue(); // max_num_ref_frames
    bits.u(1);
    const widthInMbs = bits.ue() + 1;
    const heightInMapUnits = bits.ue() + 1;
    const frameMbsOnly = bits.u(1);
    if (!frameMbsOnly) bits.u(1);
    bits.u(1); // direct_8x8_inference_flag
    const crop = bits.u(1) ? [bits.ue(), bits.ue(), bits.ue(), bits.ue()] : [0, 0, 0, 0];
    const cropUnitX = chromaFormat === 0 ? 1 : 2;
    const cropUnitY = (chromaFormat === 0 ? 1 : 2) * (2 - frameMbsOnly);
    return {
      width: widthInMbs * 16 - (crop[0]! + crop[1]!) * cropUnitX,
      height: (2 - frameMbsOnly) * heightInMapUnits * 16 - (crop[2]! + crop[3]!) * cropUnitY,
    };
  } catch {
    return undefined;
  }
}

/** Frame size from the SPS in a keyframe's first packet, when it carries one. */
export function readH264KeyframeSize(payload: Buffer): FrameSize | undefined {
  const sps = nalUnits(payload).find((unit) => unit.type === NAL_SPS && unit.nal);
  return sps?.nal ? parseSpsFrameSize(sps.nal) : undefined;
}

export interface ParameterSets {
  sps?: Buffer;
  pps?: Buffer;
}

/** The SPS and PPS a payload carries whole (single NAL or inside a STAP-A). */
export function parameterSetsIn(payload: Buffer): ParameterSets {
  const found: ParameterSets = {};
  for (const unit of nalUnits(payload)) {
    if (unit.type === NAL_SPS && unit.nal) found.sps = Buffer.from(unit.nal);
    if (unit.type === NAL_PPS && unit.nal) found.pps = Buffer.from(unit.nal);
  }
  return found;
}

/** True when the payload carries an SPS, so a decoder starting on it needs nothing cached. */
export function carriesSps(payload: Buffer): boolean {
  return nalUnits(payload).some((unit) => unit.type === NAL_SPS);
}

/** A STAP-A payload (RFC 6184 §5.7.1) aggregating `nals`; its NRI is the highest of theirs. */
export function stapA(nals: Buffer[]): Buffer {
  const nri = Math.max(...nals.map((nal) => nal[0]! & 0x60));
  const parts: Buffer[] = [Buffer.from([nri | NAL_STAP_A])];
  for (const nal of nals) parts.push(Buffer.from([nal.length >> 8, nal.length & 0xff]), nal);
  return Buffer.concat(parts);
}
