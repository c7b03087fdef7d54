/**
 * Frames per second per socket as a token bucket: `burst` frames at once,
 * then `perSecond` sustained. Time comes from the injected clock.
 */
import type { Clock } from '../relay/clock.js';

export class MessageRate {
  private tokens: number;
  private lastRefill: number;

  constructor(
    private readonly clock: Clock,
    private readonly perSecond: number,
    private readonly burst: number,
  ) {
    this.tokens = burst;
    this.lastRefill = clock.now();
  }

  /** Takes one frame's token; false when the socket is over its rate. */
  take(): boolean {
    const now = this.clock.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.lastRefill) * this.perSecond) / 1000);
    this.lastRefill = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
