/**
 * The packets of a video source since its latest keyframe, while that
 * keyframe is recent: a viewer that joins just after it (the server asks for
 * one as soon as a play arrives) starts from these at once instead of waiting
 * for another keyframe. Bounded in packets and age; a group of pictures that
 * outgrows the bound is dropped, not truncated, since a partial one cannot be
 * decoded.
 */
import type { Clock } from './clock.js';

export class KeyframeCache<T> {
  private packets: T[] = [];
  private startedAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly clock: Clock,
    private readonly maxPackets: number,
  ) {}

  /** Records a packet; a keyframe start begins a new group (one that began `ageMs` ago when replayed from another cache). */
  add(packet: T, keyframeStart: boolean, ageMs = 0): void {
    if (keyframeStart) {
      this.packets = [];
      this.startedAt = this.clock.now() - ageMs;
    }
    if (this.startedAt === Number.NEGATIVE_INFINITY) return;
    if (this.packets.length >= this.maxPackets) {
      this.clear();
      return;
    }
    this.packets.push(packet);
  }

  /** The group since the latest keyframe if it began at most `maxAgeMs` ago. */
  recent(maxAgeMs: number): T[] | undefined {
    if (this.packets.length === 0 || this.clock.now() - this.startedAt > maxAgeMs) return undefined;
    return this.packets.slice();
  }

  /** How long ago the cached group began, ms; undefined when none is cached. */
  get ageMs(): number | undefined {
    return this.packets.length === 0 ? undefined : this.clock.now() - this.startedAt;
  }

  clear(): void {
    this.packets = [];
    this.startedAt = Number.NEGATIVE_INFINITY;
  }
}
