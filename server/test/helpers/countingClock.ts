/** The system clock, counting its live timers, so a test can prove none is left behind. */
import { systemClock, type Clock, type TimerHandle } from '../../src/relay/clock.js';

export class CountingClock implements Clock {
  /** Timers started and neither cancelled nor (for one-shot timers) fired. */
  active = 0;

  now(): number {
    return systemClock.now();
  }

  every(intervalMs: number, callback: () => void): TimerHandle {
    return this.track(systemClock.every(intervalMs, callback), () => false);
  }

  after(delayMs: number, callback: () => void): TimerHandle {
    let fired = false;
    const handle = systemClock.after(delayMs, () => {
      fired = true;
      this.active--;
      callback();
    });
    return this.track(handle, () => fired);
  }

  private track(handle: TimerHandle, fired: () => boolean): TimerHandle {
    this.active++;
    let cancelled = false;
    return {
      cancel: () => {
        if (cancelled || fired()) return;
        cancelled = true;
        this.active--;
        handle.cancel();
      },
    };
  }
}
