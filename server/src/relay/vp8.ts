/**
 * VP8 RTP payload descriptor (RFC 7741 §4.2) and payload header (§4.3):
 * just enough to find the first packet of a keyframe.
 */

/** Byte length of the payload descriptor, or `undefined` if truncated. */
function descriptorLength(payload: Buffer): number | undefined {
  if (payload.length < 1) return undefined;
  let offset = 1;
  if (payload[0]! & 0x80) {
    if (payload.length < 2) return undefined;
    const extension = payload[1]!;
    offset = 2;
    if (extension & 0x80) {
      if (payload.length <= offset) return undefined;
      offset += payload[offset]! & 0x80 ? 2 : 1; // PictureID: 15 bits when M is set
    }
    if (extension & 0x40) offset += 1; // TL0PICIDX
    if (extension & 0x30) offset += 1; // TID/Y/KEYIDX
  }
  return offset <= payload.length ? offset : undefined;
}

/**
 * True when this payload starts a VP8 keyframe: the start of partition 0
 * (S=1, PID=0) whose payload header has the P (inverse key frame) bit clear.
 */
export function isVp8KeyframeStart(payload: Buffer): boolean {
  const first = payload[0];
  if (first === undefined) return false;
  const startOfPartition = (first & 0x10) !== 0 && (first & 0x07) === 0;
  if (!startOfPartition) return false;
  const offset = descriptorLength(payload);
  if (offset === undefined || offset >= payload.length) return false;
  return (payload[offset]! & 0x01) === 0;
}

export interface FrameSize {
  width: number;
  height: number;
}

/**
 * Frame size from the first packet of a VP8 keyframe (RFC 6386 §9.1: frame
 * tag, start code 9d 01 2a, then 14-bit width and height, little-endian).
 */
export function readVp8KeyframeSize(payload: Buffer): FrameSize | undefined {
  if (!isVp8KeyframeStart(payload)) return undefined;
  const offset = descriptorLength(payload);
  if (offset === undefined || payload.length < offset + 10) return undefined;
  if (payload[offset + 3] !== 0x9d || payload[offset + 4] !== 0x01 || payload[offset + 5] !== 0x2a) return undefined;
  return {
    width: payload.readUInt16LE(offset + 6) & 0x3fff,
    height: payload.readUInt16LE(offset + 8) & 0x3fff,
  };
}
