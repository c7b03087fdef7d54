/**
 * The load a node reports with each heartbeat: its process's CPU since the
 * previous heartbeat (% of one core) and the event loop's delay (p99), from
 * Node's own counters.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';

export interface LoadSample {
  cpuPercent: number;
  eventLoopLagMs: number;
}

export class ProcessLoad {
  // 20 ms resolution: lag that matters for routing is tens of ms, and finer sampling costs the media loop.
  private readonly delay = monitorEventLoopDelay({ resolution: 20 });
  private cpu = process.cpuUsage();
  private at = performance.now();

  constructor() {
    this.delay.enable();
  }

  /** Since the previous call (or since construction). */
  take(): LoadSample {
    const now = performance.now();
    const used = process.cpuUsage(this.cpu);
    const elapsedMs = Math.max(1, now - this.at);
    const eventLoopLagMs = this.delay.count === 0 ? 0 : this.delay.percentile(99) / 1e6;
    this.delay.reset();
    this.cpu = process.cpuUsage();
    this.at = now;
    return { cpuPercent: ((used.user + used.system) / 1000 / elapsedMs) * 100, eventLoopLagMs };
  }

  close(): void {
    this.delay.disable();
  }
}
