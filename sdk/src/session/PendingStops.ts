/**
 * Stops we sent that the server has not answered yet, by stream id. Until the
 * answer (the stream's *_finished, or the error refusing a request the stop
 * overtook) or STOP_CONFIRM_TIMEOUT_MS, what the server says of that id is
 * about the stopped stream, and a new session of the id waits: the answer
 * would otherwise end it (stop() then publish() of one id at once, as Ant
 * Media pages do).
 */
import { STOP_CONFIRM_TIMEOUT_MS } from '../core/defaults.js';
import type { Scheduler } from '../core/scheduler.js';
import type { ServerMessage } from '../protocol/index.js';

/** True for the server message that answers the stop. */
export type StopAnswer = (message: ServerMessage) => boolean;

interface PendingStop {
  answeredBy: StopAnswer;
  settled: Promise<void>;
  settle(): void;
}

export class PendingStops {
  private readonly byId = new Map<string, PendingStop>();

  constructor(private readonly scheduler: Scheduler) {}

  /** Records a stop just sent; resolves when it is answered or given up on. */
  add(streamId: string, answeredBy: StopAnswer): Promise<void> {
    this.byId.get(streamId)?.settle();
    let resolve!: () => void;
    const settled = new Promise<void>((done) => (resolve = done));
    const timer = this.scheduler.setTimeout(() => entry.settle(), STOP_CONFIRM_TIMEOUT_MS);
    const entry: PendingStop = {
      answeredBy,
      settled,
      settle: () => {
        this.scheduler.clearTimeout(timer);
        if (this.byId.get(streamId) === entry) this.byId.delete(streamId);
        resolve();
      },
    };
    this.byId.set(streamId, entry);
    return settled;
  }

  /** The unanswered stop of `streamId` (settling when answered or given up), if there is one. */
  pending(streamId: string): Promise<void> | undefined {
    return this.byId.get(streamId)?.settled;
  }

  /** True when `message` answers a stop we wait for, which then settles. */
  answers(message: ServerMessage): boolean {
    const streamId = (message as { streamId?: unknown }).streamId;
    const entry = typeof streamId === 'string' ? this.byId.get(streamId) : undefined;
    if (!entry || !entry.answeredBy(message)) return false;
    entry.settle();
    return true;
  }

  /** The WebSocket closed: the server has ended every stream, no answer will come. */
  settleAll(): void {
    for (const entry of Array.from(this.byId.values())) entry.settle();
  }
}
