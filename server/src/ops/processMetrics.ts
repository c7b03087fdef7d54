/**
 * Node process metrics (CPU, memory, heap, handles, GC, and event-loop lag as
 * `nodejs_eventloop_lag_seconds` and its percentiles), registered once per
 * process: prom-client's collectors hold process-wide observers, so every
 * server in the process shares this registry.
 */
import { Registry, collectDefaultMetrics } from 'prom-client';

let registry: Registry | undefined;

export function processMetricsRegistry(): Registry {
  if (!registry) {
    registry = new Registry();
    // 20 ms resolution: lag worth alerting on is tens of ms; finer sampling costs CPU on the media loop.
    collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 20 });
  }
  return registry;
}
