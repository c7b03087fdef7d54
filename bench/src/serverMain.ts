/**
 * The server's process: a RelayRTC server as `startRelayServer` builds it
 * (default configuration, loopback only), the fan-out probe on its egress
 * tap, and on request a V8 CPU profile of one measurement window (the same
 * profile `node --cpu-prof` writes, limited to the window). The egress SRTP
 * path comes from RELAYRTC_EGRESS_SRTP, set by the orchestrator.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { Session } from 'node:inspector';
import { defaultConfig } from '../../server/src/config.js';
import { configFromEnv } from '../../server/src/config/loader.js';
import { startRelayServer } from '../../server/src/server.js';
import { defaultEgressSrtp } from '../../server/src/streams/egressSrtp.js';
import { egressTap } from '../../server/src/streams/egressTap.js';
import { BroadcastChannel } from 'node:worker_threads';
import { FanoutProbe, mergeWindows, type WindowResult } from './fanoutProbe.js';
import { serve } from './ipc.js';
import { PROBE_CHANNEL, type ProbeAnswer, type ProbeCommand } from './probeChannel.js';

const probe = new FanoutProbe();
egressTap.rtpSent = (packet) => probe.sent(packet);
/** Viewer worker threads (RELAYRTC_VIEWER_WORKERS from the orchestrator; 0 = viewers on the main thread). */
const viewerWorkers = Number(process.env.RELAYRTC_VIEWER_WORKERS ?? '0');
const workerProbes = new BroadcastChannel(PROBE_CHANNEL);
workerProbes.unref();
let nextCollect = 1;

/** Every worker's window (each answers, those without viewers with nothing), merged. */
function collectFromWorkers(timeoutMs: number): Promise<WindowResult> {
  const id = nextCollect++;
  const results: WindowResult[] = [];
  let answers = 0;
  return new Promise((resolve, reject) => {
    const done = (): void => {
      clearTimeout(timer);
      workerProbes.onmessage = () => undefined;
      if (results.length === 0) reject(new Error(`no viewer worker measured the window (${answers} of ${viewerWorkers} answered)`));
      else resolve(mergeWindows(results));
    };
    const timer = setTimeout(done, timeoutMs + 5000);
    workerProbes.onmessage = (event) => {
      const answer = (event as { data: ProbeAnswer }).data;
      if (answer.type !== 'result' || answer.id !== id) return;
      answers++;
      if (answer.result) results.push(answer.result);
      if (answers === viewerWorkers) done();
    };
    workerProbes.postMessage({ type: 'collect', id, timeoutMs } satisfies ProbeCommand);
  });
}

const server = await startRelayServer({
  ...defaultConfig,
  port: 0,
  host: '127.0.0.1',
  log: { ...defaultConfig.log, level: 'error' },
  // The ladder measures where delivery breaks, past the point where admission control would refuse new viewers.
  admission: { ...defaultConfig.admission, maxEventLoopLagMs: -1, maxCpuPercent: -1 },
  // `--cluster` runs origin and edge nodes: RELAYRTC_CLUSTER_* from the orchestrator, validated as the server's own.
  cluster: configFromEnv(process.env).cluster,
  relay: { ...defaultConfig.relay, viewerWorkers },
}, { viewerWorkerTap: new URL('./workerProbe.ts', import.meta.url).href });

let inspector: Session | undefined;
/** Settles once the last requested profile is on disk. */
let profileWritten: Promise<void> = Promise.resolve();

function post<T>(method: string, params: object = {}): Promise<T> {
  if (!inspector) {
    inspector = new Session();
    inspector.connect();
  }
  const session = inspector;
  return new Promise((resolve, reject) => session.post(method, params, (error, result) => (error ? reject(error) : resolve(result as T))));
}

/** Profiles the window into `file`: started on its first packet, stopped on its last. */
function profileWindowTo(file: string): FanoutProbe['hooks'] {
  return {
    started: () => {
      profileWritten = post('Profiler.enable').then(() => post('Profiler.start'));
    },
    finished: () => {
      profileWritten = profileWritten
        .then(() => post<{ profile: unknown }>('Profiler.stop'))
        .then(({ profile }) => {
          mkdirSync(dirname(file), { recursive: true });
          writeFileSync(file, JSON.stringify(profile));
        });
      // Reported by `collect`, which awaits it; never an unhandled rejection meanwhile.
      profileWritten.catch(() => undefined);
    },
  };
}

serve({
  info: () => ({ url: `ws://127.0.0.1:${server.port}/LiveApp/websocket`, egressSrtp: defaultEgressSrtp(), viewerWorkers, pid: process.pid, rssBytes: process.memoryUsage().rss }),
  arm: ({ start, end, profileTo }: { start: number; end: number; profileTo?: string }) => {
    // The profiler sees the main thread only: with workers, the ingest and signaling, not the fan-out.
    probe.hooks = profileTo ? profileWindowTo(profileTo) : {};
    probe.arm(start, end);
    if (viewerWorkers > 0) workerProbes.postMessage({ type: 'arm', start, end } satisfies ProbeCommand);
  },
  collect: async ({ timeoutMs }: { timeoutMs: number }) => {
    const result = viewerWorkers > 0 ? await collectFromWorkers(timeoutMs) : await probe.collect(timeoutMs);
    await profileWritten;
    return result;
  },
  rss: () => process.memoryUsage().rss,
  close: async () => {
    await server.close();
    setImmediate(() => process.exit(0));
  },
});
