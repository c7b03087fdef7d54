/**
 * Paces a player that waits for its stream to go live (play before publish,
 * antmedia-protocol.md §7 item 10): `ask` plays once more and says whether
 * the stream was still absent. It runs at once on hurry() (the server
 * announced the stream, or the WebSocket is back) and every
 * STREAM_WAIT_RETRY_MS otherwise, one request at a time.
 */
import { STREAM_WAIT_RETRY_MS } from '../core/defaults.js';
import type { Scheduler, TimerHandle } from '../core/scheduler.js';

/** Resolves true when the stream was still absent (ask again later). */
export type AskAgain = () => Promise<boolean>;

export class StreamWaiter {
  private timer: TimerHandle | undefined;
  private waiting = false;
  private asking = false;
  /** A hurry() that came while a request was out: ask again as soon as it settles. */
  private hurried = false;

  constructor(
    private readonly scheduler: Scheduler,
    private readonly ask: AskAgain,
  ) {}

  get active(): boolean {
    return this.waiting;
  }

  start(): void {
    this.waiting = true;
    this.schedule();
  }

  /** Asks now instead of at the next tick. */
  hurry(): void {
    if (!this.waiting) return;
    if (this.asking) {
      this.hurried = true;
      return;
    }
    this.clearTimer();
    void this.askNow();
  }

  cancel(): void {
    this.waiting = false;
    this.hurried = false;
    this.clearTimer();
  }

  private schedule(): void {
    this.clearTimer();
    this.timer = this.scheduler.setTimeout(() => {
      this.timer = undefined;
      void this.askNow();
    }, STREAM_WAIT_RETRY_MS);
  }

  private async askNow(): Promise<void> {
    this.asking = true;
    this.hurried = false;
    let absent: boolean;
    try {
      absent = await this.ask();
    } finally {
      this.asking = false;
    }
    if (!this.waiting || !absent) return;
    if (this.hurried) void this.askNow();
    else this.schedule();
  }

  private clearTimer(): void {
    if (this.timer !== undefined) this.scheduler.clearTimeout(this.timer);
    this.timer = undefined;
  }
}
