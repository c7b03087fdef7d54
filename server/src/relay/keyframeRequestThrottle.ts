/**
 * Aggregates keyframe requests toward one upstream layer: any number of PLI or
 * FIR from viewers (and joins) within `intervalMs` become one request
 * (RFC 4585 §6.3.1 warns against flooding the sender with PLIs).
 */
import type { Clock } from './clock.js';

export class KeyframeRequestThrottle {
  private lastSentAt = Number.NEGATIVE_INFINITY;
  private pending: { cancel(): void } | undefined;

  constructor(
    private readonly clock: Clock,
    private readonly intervalMs: number,
    private readonly send: () => void,
  ) {}

  /** Sends now if allowed, otherwise once at the end of the current interval. */
  request(): void {
    const wait = this.lastSentAt + this.intervalMs - this.clock.now();
    if (wait <= 0) {
      this.fire();
      return;
    }
    this.pending ??= this.clock.after(wait, () => this.fire());
  }

  close(): void {
    this.pending?.cancel();
    this.pending = undefined;
  }

  private fire(): void {
    this.pending?.cancel();
    this.pending = undefined;
    this.lastSentAt = this.clock.now();
    this.send();
  }
}
