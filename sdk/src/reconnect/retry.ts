/**
 * Runs an async attempt until it succeeds, waiting between tries as a
 * ReconnectPolicy says; cancellable at any point. Used for the WebSocket
 * (reconnect) and for each stream (re-publish, re-play, re-join).
 */
import { RelayError } from '../core/errors.js';
import type { Scheduler, TimerHandle } from '../core/scheduler.js';
import type { ReconnectPolicy } from './ReconnectPolicy.js';

export interface RetryOptions {
  policy: ReconnectPolicy;
  scheduler: Scheduler;
  /** The error that made a retry necessary. */
  cause: RelayError;
  run(): Promise<void>;
  /** False stops retrying at once with that error (e.g. UNAUTHORIZED_ACCESS). */
  retryable?(error: RelayError): boolean;
  /** Before each attempt, after the policy chose its delay. */
  onAttempt?(attempt: number, delayMs: number, error: RelayError): void;
}

export interface RetryHandle {
  readonly promise: Promise<void>;
  cancel(reason: RelayError): void;
  /** Ends the current wait now (e.g. the server said the stream is back). */
  hurry(): void;
}

export function retry(options: RetryOptions): RetryHandle {
  const { policy, scheduler } = options;
  let cancelled: RelayError | undefined;
  let timer: TimerHandle | undefined;
  let wake: (() => void) | undefined;

  const wait = (ms: number) =>
    new Promise<void>((resolve) => {
      wake = resolve;
      timer = scheduler.setTimeout(resolve, ms);
    });

  async function loop(): Promise<void> {
    const startedAt = scheduler.now();
    let error = options.cause;
    for (let attempt = 1; ; attempt++) {
      const delayMs = policy.nextDelayMs({ attempt, elapsedMs: scheduler.now() - startedAt, error });
      if (delayMs === null) {
        throw new RelayError('RECONNECT_FAILED', `Gave up reconnecting after ${attempt - 1} attempts: ${error.message}`, { cause: error });
      }
      options.onAttempt?.(attempt, delayMs, error);
      if (delayMs > 0) await wait(delayMs);
      if (cancelled) throw cancelled;
      try {
        await options.run();
        if (cancelled) throw cancelled;
        return;
      } catch (caught) {
        if (cancelled) throw cancelled;
        error = caught instanceof RelayError ? caught : new RelayError('SIGNALING_FAILED', String(caught), { cause: caught });
        if (options.retryable && !options.retryable(error)) throw error;
      }
    }
  }

  const hurry = () => {
    if (timer !== undefined) scheduler.clearTimeout(timer);
    timer = undefined;
    wake?.();
  };

  return {
    promise: loop(),
    cancel(reason) {
      if (cancelled) return;
      cancelled = reason;
      hurry();
    },
    hurry,
  };
}
