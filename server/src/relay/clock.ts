/**
 * Time, injected: everything timer-driven in the relay takes a Clock so tests
 * can drive it deterministically with `FakeClock`.
 */
export interface TimerHandle {
  cancel(): void;
}

export interface Clock {
  /** Milliseconds on a monotonic scale. */
  now(): number;
  every(intervalMs: number, callback: () => void): TimerHandle;
  after(delayMs: number, callback: () => void): TimerHandle;
}

export const systemClock: Clock = {
  now: () => performance.now(),
  every(intervalMs, callback) {
    const timer = setInterval(callback, intervalMs);
    timer.unref?.();
    return { cancel: () => clearInterval(timer) };
  },
  after(delayMs, callback) {
    const timer = setTimeout(callback, delayMs);
    timer.unref?.();
    return { cancel: () => clearTimeout(timer) };
  },
};

interface FakeTimer {
  due: number;
  intervalMs: number | undefined;
  callback: () => void;
  cancelled: boolean;
}

/** A clock that only moves when told to, for deterministic tests. */
export class FakeClock implements Clock {
  private current = 0;
  private timers: FakeTimer[] = [];

  now(): number {
    return this.current;
  }

  every(intervalMs: number, callback: () => void): TimerHandle {
    return this.schedule({ due: this.current + intervalMs, intervalMs, callback, cancelled: false });
  }

  after(delayMs: number, callback: () => void): TimerHandle {
    return this.schedule({ due: this.current + delayMs, intervalMs: undefined, callback, cancelled: false });
  }

  /** Moves time forward, firing every timer that falls due, in order. */
  advance(ms: number): void {
    const end = this.current + ms;
    for (;;) {
      const next = this.timers.filter((t) => !t.cancelled && t.due <= end).sort((a, b) => a.due - b.due)[0];
      if (!next) break;
      this.current = Math.max(this.current, next.due);
      if (next.intervalMs === undefined) next.cancelled = true;
      else next.due = this.current + next.intervalMs;
      next.callback();
    }
    this.current = end;
    this.timers = this.timers.filter((t) => !t.cancelled);
  }

  /**
   * The event loop blocked for `ms`: time moves on and no timer fires until the end, when each
   * overdue one fires once, late (an interval then counts on from there, as Node's setInterval does).
   */
  stall(ms: number): void {
    this.current += ms;
    this.advance(0);
  }

  get pendingTimers(): number {
    return this.timers.filter((t) => !t.cancelled).length;
  }

  private schedule(timer: FakeTimer): TimerHandle {
    this.timers.push(timer);
    return { cancel: () => void (timer.cancelled = true) };
  }
}
