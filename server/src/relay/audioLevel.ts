/**
 * Audio level from the RTP header extension `urn:ietf:params:rtp-hdrext:ssrc-audio-level`
 * (RFC 6464): one byte, V flag then the level in -dBov, 0 = loudest, 127 = silence.
 * The extension sits in an RFC 8285 block (one-byte or two-byte form).
 */
import type { Clock } from './clock.js';

export const SILENT_AUDIO_LEVEL = 127;

/** The level the packet carries for extension `id`, or undefined when it has none. */
export function readAudioLevel(packet: Buffer, id: number): number | undefined {
  const first = packet[0];
  if (first === undefined || !(first & 0x10)) return undefined;
  const start = 12 + 4 * (first & 0x0f);
  if (packet.length < start + 4) return undefined;
  const profile = packet.readUInt16BE(start);
  const end = start + 4 + 4 * packet.readUInt16BE(start + 2);
  if (end > packet.length) return undefined;
  let offset = start + 4;
  if (profile === 0xbede) {
    // One-byte form (RFC 8285 §4.2): ID (4 bits), length - 1 (4 bits); 0 is padding, 15 ends the block.
    while (offset < end) {
      const byte = packet[offset]!;
      if (byte === 0) {
        offset++;
        continue;
      }
      const elementId = byte >> 4;
      if (elementId === 15) return undefined;
      const length = (byte & 0x0f) + 1;
      if (elementId === id) return offset + 1 < end ? packet[offset + 1]! & 0x7f : undefined;
      offset += 1 + length;
    }
    return undefined;
  }
  if ((profile & 0xfff0) === 0x1000) {
    // Two-byte form (RFC 8285 §4.3): ID byte, length byte.
    while (offset + 1 < end) {
      const elementId = packet[offset]!;
      if (elementId === 0) {
        offset++;
        continue;
      }
      const length = packet[offset + 1]!;
      if (elementId === id) return length > 0 && offset + 2 < end ? packet[offset + 2]! & 0x7f : undefined;
      offset += 2 + length;
    }
  }
  return undefined;
}

/**
 * A smoothed level per audio source: the mean of the levels seen over the
 * last `windowMs` (speech is bursty, one loud packet is not a speaker), and
 * silence when no packet carried a level lately.
 */
export class AudioLevelMeter {
  private readonly samples: Array<{ at: number; level: number }> = [];

  constructor(
    private readonly clock: Clock,
    private readonly windowMs = 1000,
  ) {}

  observe(level: number): void {
    const now = this.clock.now();
    this.samples.push({ at: now, level });
    this.prune(now);
  }

  /** 0 (loud) … 127 (silent), as Ant Media reports audio levels. */
  get level(): number {
    this.prune(this.clock.now());
    if (this.samples.length === 0) return SILENT_AUDIO_LEVEL;
    let sum = 0;
    for (const sample of this.samples) sum += sample.level;
    return Math.round(sum / this.samples.length);
  }

  private prune(now: number): void {
    let drop = 0;
    while (drop < this.samples.length && now - this.samples[drop]!.at > this.windowMs) drop++;
    if (drop > 0) this.samples.splice(0, drop);
  }
}
