/**
 * The viewers' process: joins sink viewers to the stream on request, counts
 * per measurement window and reports. Runs apart from the server, so the
 * server's CPU time is the server's alone.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { serve } from './ipc.js';
import { SinkViewer } from './sinkViewer.js';
import { quantile, round } from './stats.js';

const viewers: SinkViewer[] = [];
const eventLoop = monitorEventLoopDelay({ resolution: 10 });
let cpuAtWindow = process.cpuUsage();
let wallAtWindow = process.hrtime.bigint();

interface AddRequest {
  url: string;
  streamId: string;
  total: number;
  concurrency: number;
  timeoutMs: number;
}

async function add({ url, streamId, total, concurrency, timeoutMs }: AddRequest): Promise<{ viewers: number; failures: string[] }> {
  const failures: string[] = [];
  let toStart = Math.max(0, total - viewers.length);
  // A join fails when the server answers a DTLS flight late: werift's client (the
  // viewer here; browsers are not affected) throws on the duplicate HelloVerifyRequest
  // its retransmitted ClientHello brings back. Retry, within a bound.
  const maxFailures = Math.max(10, Math.ceil(toStart / 2));
  const worker = async (): Promise<void> => {
    while (toStart > 0 && failures.length < maxFailures) {
      toStart--;
      try {
        viewers.push(await SinkViewer.start(url, streamId, timeoutMs));
      } catch (error) {
        failures.push(error instanceof Error ? error.message : String(error));
        toStart++;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { viewers: viewers.length, failures };
}

function window({ start, end }: { start: number; end: number }): void {
  for (const viewer of viewers) viewer.setWindow(start, end);
  eventLoop.reset();
  eventLoop.enable();
  cpuAtWindow = process.cpuUsage();
  wallAtWindow = process.hrtime.bigint();
}

function result(): unknown {
  eventLoop.disable();
  const cpu = process.cpuUsage(cpuAtWindow);
  const wallUs = Number(process.hrtime.bigint() - wallAtWindow) / 1000;
  const counts = viewers.map((viewer) => viewer.counts());
  const latencies = viewers.flatMap((viewer) => Array.from(viewer.latencyMs.values()));
  return {
    viewers: viewers.length,
    srtpProfileId: viewers[0]?.srtpProfileId(),
    inWindow: counts.map((c) => c.inWindow),
    duplicates: counts.reduce((sum, c) => sum + c.duplicates, 0),
    verified: counts.reduce((sum, c) => sum + c.verified, 0),
    mismatches: counts.reduce((sum, c) => sum + c.mismatches, 0),
    endToEndMs: { p50: round(quantile(latencies, 0.5)), p99: round(quantile(latencies, 0.99)), samples: latencies.length },
    cpuPercent: round(((cpu.user + cpu.system) / wallUs) * 100, 1),
    eventLoopDelayMs: { p99: round(eventLoop.percentile(99) / 1e6), max: round(eventLoop.max / 1e6) },
  };
}

async function close(): Promise<void> {
  await Promise.all(viewers.splice(0).map((viewer) => viewer.close()));
  setImmediate(() => process.exit(0));
}

serve({ add, window, result, close });
