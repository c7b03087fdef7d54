/** Small summary statistics for the bench's samples. */

/** The q-quantile (0..1) of `values` by nearest rank; NaN when empty. */
export function quantile(values: ArrayLike<number>, q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = Float64Array.from(values).sort();
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank]!;
}

/** Rounds for the JSON output: figures with more digits than the machine's noise would be lying. */
export function round(value: number, digits = 2): number {
  if (!Number.isFinite(value)) return value;
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

/** A growable Float64 sample buffer with a hard cap (so a long run cannot eat memory). */
export class Samples {
  private buffer: Float64Array;
  length = 0;
  dropped = 0;

  constructor(private readonly cap: number) {
    this.buffer = new Float64Array(Math.min(cap, 1024));
  }

  push(value: number): void {
    if (this.length === this.buffer.length) {
      if (this.length >= this.cap) {
        this.dropped++;
        return;
      }
      const bigger = new Float64Array(Math.min(this.cap, this.buffer.length * 2));
      bigger.set(this.buffer);
      this.buffer = bigger;
    }
    this.buffer[this.length++] = value;
  }

  values(): Float64Array {
    return this.buffer.subarray(0, this.length);
  }

  clear(): void {
    this.length = 0;
    this.dropped = 0;
  }
}
