/**
 * VP8 PictureID and TL0PICIDX (RFC 7741 §4.2) kept continuous across source
 * switches: each simulcast layer numbers its pictures independently, and a
 * receiver that sees the numbering jump treats frames as lost.
 */

interface Vp8IdFields {
  pictureId: number | undefined;
  /** 7 or 15 (the M bit). */
  pictureIdBits: number;
  pictureIdAt: number;
  tl0PicIdx: number | undefined;
  tl0At: number;
}

/** Where the ids sit in a VP8 payload, or undefined when it carries none. */
export function readVp8Ids(payload: Buffer): Vp8IdFields | undefined {
  if (payload.length < 2 || !(payload[0]! & 0x80)) return undefined;
  const extension = payload[1]!;
  let at = 2;
  let pictureId: number | undefined;
  let pictureIdBits = 7;
  const pictureIdAt = at;
  if (extension & 0x80) {
    if (payload.length <= at) return undefined;
    if (payload[at]! & 0x80) {
      if (payload.length <= at + 1) return undefined;
      pictureIdBits = 15;
      pictureId = ((payload[at]! & 0x7f) << 8) | payload[at + 1]!;
      at += 2;
    } else {
      pictureId = payload[at]! & 0x7f;
      at += 1;
    }
  }
  let tl0PicIdx: number | undefined;
  const tl0At = at;
  if (extension & 0x40) {
    if (payload.length <= at) return undefined;
    tl0PicIdx = payload[at]!;
  }
  return { pictureId, pictureIdBits, pictureIdAt, tl0PicIdx, tl0At };
}

/** `a` comes after `b` on a circle of `modulus` ids (within half the circle). */
function isNewer(a: number, b: number, modulus: number): boolean {
  const delta = (a - b + modulus) % modulus;
  return delta !== 0 && delta < modulus / 2;
}

export class Vp8PictureIdContinuity {
  private pictureIdOffset = 0;
  private tl0Offset = 0;
  private lastPictureId: number | undefined;
  private lastTl0: number | undefined;

  /** Re-anchors on the first payload of a new source so its ids continue from the last ones sent. */
  anchor(payload: Buffer): void {
    const ids = readVp8Ids(payload);
    if (!ids) return;
    if (ids.pictureId !== undefined && this.lastPictureId !== undefined) {
      const modulus = 2 ** ids.pictureIdBits;
      this.pictureIdOffset = (this.lastPictureId + 1 - ids.pictureId + modulus) % modulus;
    }
    if (ids.tl0PicIdx !== undefined && this.lastTl0 !== undefined) {
      this.tl0Offset = (this.lastTl0 + 1 - ids.tl0PicIdx + 256) % 256;
    }
  }

  /**
   * Copies the start of `payload` up to its last id into `out` at `at`, with
   * the ids rewritten; the payload itself, shared by every viewer, is not
   * modified. Returns the number of bytes copied (0 when it carries no ids).
   */
  writeRewritten(payload: Buffer, out: Buffer, at: number): number {
    const ids = readVp8Ids(payload);
    if (!ids) return 0;
    const pictureIdEnd = ids.pictureId === undefined ? 0 : ids.pictureIdAt + (ids.pictureIdBits === 15 ? 2 : 1);
    const end = ids.tl0PicIdx === undefined ? pictureIdEnd : ids.tl0At + 1;
    if (end === 0) return 0;
    payload.copy(out, at, 0, end);
    if (ids.pictureId !== undefined) {
      const modulus = 2 ** ids.pictureIdBits;
      const pictureId = (ids.pictureId + this.pictureIdOffset) % modulus;
      if (ids.pictureIdBits === 15) {
        out[at + ids.pictureIdAt] = 0x80 | (pictureId >> 8);
        out[at + ids.pictureIdAt + 1] = pictureId & 0xff;
      } else {
        out[at + ids.pictureIdAt] = pictureId;
      }
      // Only the newest picture counts: a late packet must not make the next switch reuse an id.
      if (this.lastPictureId === undefined || isNewer(pictureId, this.lastPictureId, modulus)) this.lastPictureId = pictureId;
    }
    if (ids.tl0PicIdx !== undefined) {
      const tl0 = (ids.tl0PicIdx + this.tl0Offset) % 256;
      out[at + ids.tl0At] = tl0;
      if (this.lastTl0 === undefined || isNewer(tl0, this.lastTl0, 256)) this.lastTl0 = tl0;
    }
    return end;
  }
}
