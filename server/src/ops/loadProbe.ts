/**
 * What the process costs, read in slices: the event loop's delay and the CPU
 * time used since the previous reading. The admission check (loadMonitor.ts)
 * keeps a sliding window of these; tests give it a probe of their own.
 */
import { availableParallelism } from 'node:os';
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';

export interface LoadSlice {
  /** 99th percentile of the event loop's delay over the slice, ms (0 when nothing was measured). */
  lagP99Ms: number;
  /** Process CPU time (user + system, every thread) over the slice, µs. */
  cpuMicros: number;
}

export interface LoadProbe {
  /** Cores the process may use: CPU is judged as a share of all of them. */
  readonly cores: number;
  /** The slice since the previous call (or since the probe was made). */
  take(): LoadSlice;
  close(): void;
}

/**
 * Node's own measurements: perf_hooks' event-loop delay histogram (20 ms
 * resolution: lag worth refusing viewers for is tens of ms, and finer sampling
 * costs CPU on the media loop) and process.cpuUsage(). `otherThreadsLagMs`
 * adds the viewer workers' latest delay: the worst loop is what is judged.
 */
export function processLoadProbe(otherThreadsLagMs: () => number = () => 0): LoadProbe {
  const delay: IntervalHistogram = monitorEventLoopDelay({ resolution: 20 });
  delay.enable();
  let cpu = process.cpuUsage();
  return {
    cores: availableParallelism(),
    take() {
      // An empty histogram answers its lowest bucket, not 0.
      const lagP99Ms = Math.max(delay.count === 0 ? 0 : delay.percentile(99) / 1e6, otherThreadsLagMs());
      delay.reset();
      const used = process.cpuUsage(cpu);
      cpu = process.cpuUsage();
      return { lagP99Ms, cpuMicros: used.user + used.system };
    },
    close: () => delay.disable(),
  };
}
