/** A manual clock for tests: timers fire only when advance() passes them. */
import type { Scheduler, TimerHandle } from '../core/scheduler.js';

interface Timer {
  id: number;
  at: number;
  every: number | undefined;
  callback: () => void;
}

export class FakeScheduler implements Scheduler {
  time = 0;
  private nextId = 1;
  private timers = new Map<number, Timer>();

  now(): number {
    return this.time;
  }

  setTimeout(callback: () => void, ms: number): TimerHandle {
    return this.add(callback, ms, undefined);
  }

  setInterval(callback: () => void, ms: number): TimerHandle {
    return this.add(callback, ms, ms);
  }

  clearTimeout(handle: TimerHandle): void {
    this.timers.delete(handle as number);
  }

  clearInterval(handle: TimerHandle): void {
    this.timers.delete(handle as number);
  }

  get pending(): number {
    return this.timers.size;
  }

  /** Moves time forward, firing due timers in order. */
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      const due = [...this.timers.values()].filter((t) => t.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.time = due.at;
      if (due.every === undefined) this.timers.delete(due.id);
      else due.at += due.every;
      due.callback();
    }
    this.time = end;
  }

  private add(callback: () => void, ms: number, every: number | undefined): number {
    const id = this.nextId++;
    this.timers.set(id, { id, at: this.time + ms, every, callback });
    return id;
  }
}
