/**
 * Runs async tasks one at a time, in order, so that SDP operations on one
 * peer connection never interleave (an offer is never created while an
 * answer is still being applied).
 */
import { RelayError } from '../core/errors.js';

export class TaskQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private closed = false;

  push<T>(task: () => Promise<T>): Promise<T> {
    const run = this.tail.then(() => {
      if (this.closed) throw new RelayError('ABORTED', 'The peer connection was closed');
      return task();
    });
    // The next task waits for this one whether it succeeded or not.
    this.tail = run.catch(() => undefined);
    return run;
  }

  /** Tasks not yet started reject with RelayError 'ABORTED'. */
  close(): void {
    this.closed = true;
  }
}
