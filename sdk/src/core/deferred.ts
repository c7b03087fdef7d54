/**
 * A promise settled from outside, with an optional deadline and AbortSignal.
 * Used for every "wait for the server's answer" in the SDK.
 */
import { RelayError } from './errors.js';
import type { Scheduler } from './scheduler.js';

export interface WaitOptions {
  /** Rejects with RelayError 'TIMEOUT' after this many milliseconds (0 or absent: no deadline). */
  timeoutMs?: number;
  /** Rejects with RelayError 'ABORTED' when aborted. */
  signal?: AbortSignal;
}

export interface Deferred<T> {
  readonly promise: Promise<T>;
  readonly settled: boolean;
  resolve(value: T): void;
  reject(error: unknown): void;
}

/** `what` names the wait in the timeout message, e.g. "publish of 'stream1'". */
export function deferred<T>(scheduler: Scheduler, what: string, options: WaitOptions = {}): Deferred<T> {
  let settled = false;
  let resolvePromise!: (value: T) => void;
  let rejectPromise!: (error: unknown) => void;
  const promise = new Promise<T>((resolve, reject) => {
    resolvePromise = resolve;
    rejectPromise = reject;
  });

  const { timeoutMs, signal } = options;
  const timer = timeoutMs && timeoutMs > 0
    ? scheduler.setTimeout(() => settle(() => rejectPromise(new RelayError('TIMEOUT', `Timed out after ${timeoutMs} ms waiting for ${what}`))), timeoutMs)
    : undefined;
  const onAbort = () => settle(() => rejectPromise(new RelayError('ABORTED', `Aborted while waiting for ${what}`, { cause: signal?.reason })));
  signal?.addEventListener('abort', onAbort);

  function settle(action: () => void): void {
    if (settled) return;
    settled = true;
    if (timer !== undefined) scheduler.clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
    action();
  }

  if (signal?.aborted) onAbort();

  return {
    promise,
    get settled() {
      return settled;
    },
    resolve: (value) => settle(() => resolvePromise(value)),
    reject: (error) => settle(() => rejectPromise(error)),
  };
}
