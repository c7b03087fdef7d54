/**
 * Time and timers behind an interface, so everything timer-driven (pings,
 * timeouts, reconnect backoff, stats) can be driven by a fake clock in tests.
 */

export type TimerHandle = unknown;

export interface Scheduler {
  /** Milliseconds on a monotonic-enough clock (Date.now in browsers). */
  now(): number;
  setTimeout(callback: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
  setInterval(callback: () => void, ms: number): TimerHandle;
  clearInterval(handle: TimerHandle): void;
}

/** The host's timers, looked up at call time (nothing is captured at import). */
export const systemScheduler: Scheduler = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  setInterval: (callback, ms) => setInterval(callback, ms),
  clearInterval: (handle) => clearInterval(handle as ReturnType<typeof setInterval>),
};
