/** Requests to a worker awaiting its `reply`, by request id. */
import type { FromWorker } from './messages.js';

export type WorkerReply = Extract<FromWorker, { type: 'reply'; ok: true }>;

export class PendingReplies {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(reply: WorkerReply): void; reject(error: Error): void }>();

  /** A new request id and the promise its reply settles. */
  open(): { requestId: number; reply: Promise<WorkerReply> } {
    const requestId = this.nextId++;
    const reply = new Promise<WorkerReply>((resolve, reject) => this.pending.set(requestId, { resolve, reject }));
    return { requestId, reply };
  }

  settle(reply: Extract<FromWorker, { type: 'reply' }>): void {
    const waiter = this.pending.get(reply.requestId);
    if (!waiter) return;
    this.pending.delete(reply.requestId);
    if (reply.ok) waiter.resolve(reply);
    else waiter.reject(new Error(reply.error));
  }

  /** The worker is gone: every request fails with `reason`. */
  failAll(reason: string): void {
    for (const waiter of this.pending.values()) waiter.reject(new Error(reason));
    this.pending.clear();
  }
}
