/**
 * One stream's stats over time: a sampler per peer connection (reset when a
 * reconnection makes a new one) and the periodic `stats` event, which reads
 * getStats() only while someone listens.
 */
import type { Scheduler, TimerHandle } from '../core/scheduler.js';
import { StatsSampler, type StreamStats } from './StatsSampler.js';

export interface StatsSource {
  /** The current connection's report, or undefined when there is none. */
  report(): Promise<RTCStatsReport> | undefined;
  /** Whether anyone listens for the periodic sample. */
  wanted(): boolean;
  emit(stats: StreamStats): void;
}

export class StatsFeed {
  private sampler: StatsSampler | undefined;
  private timer: TimerHandle | undefined;

  constructor(
    private readonly scheduler: Scheduler,
    private readonly intervalMs: number,
    private readonly source: StatsSource,
  ) {}

  /** A new peer connection: its counters start from zero now. */
  reset(): void {
    this.sampler = new StatsSampler(this.scheduler.now());
  }

  sample(report: RTCStatsReport): StreamStats {
    this.sampler ??= new StatsSampler(this.scheduler.now());
    return this.sampler.sample(report, this.scheduler.now());
  }

  start(): void {
    if (this.intervalMs <= 0 || this.timer !== undefined) return;
    this.timer = this.scheduler.setInterval(() => {
      const report = this.source.wanted() ? this.source.report() : undefined;
      report?.then((r) => this.sample(r)).then((stats) => this.source.emit(stats), () => undefined);
    }, this.intervalMs);
  }

  stop(): void {
    if (this.timer !== undefined) this.scheduler.clearInterval(this.timer);
    this.timer = undefined;
  }
}
