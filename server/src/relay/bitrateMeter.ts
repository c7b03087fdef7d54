/** Bits per second over the last complete window, computed lazily on the injected clock. */
import type { Clock } from './clock.js';

export class BitrateMeter {
  private windowStart: number;
  private bytesInWindow = 0;
  private lastRate = 0;

  constructor(
    private readonly clock: Clock,
    private readonly windowMs = 1000,
  ) {
    this.windowStart = clock.now();
  }

  add(bytes: number): void {
    this.roll();
    this.bytesInWindow += bytes;
  }

  get bitsPerSecond(): number {
    this.roll();
    return this.lastRate;
  }

  private roll(): void {
    const elapsed = this.clock.now() - this.windowStart;
    if (elapsed < this.windowMs) return;
    // A window with no packets at all, or several idle windows, mean the rate fell to zero.
    this.lastRate = elapsed < 2 * this.windowMs ? Math.round((this.bytesInWindow * 8 * 1000) / elapsed) : 0;
    this.bytesInWindow = 0;
    this.windowStart = this.clock.now();
  }
}
