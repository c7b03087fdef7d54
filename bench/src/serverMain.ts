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
import { FanoutProbe } from './fanoutProbe.js';
import { serve } from './ipc.js';

const probe = new FanoutProbe();
egressTap.rtpSent = (packet) => probe.sent(packet);

const server = await startRelayServer({
  ...defaultConfig,
  port: 0,
  host: '127.0.0.1',
  log: { ...defaultConfig.log, level: 'error' },
  // The ladder measures where delivery breaks, past the point where admission control would refuse new viewers.
  admission: { ...defaultConfig.admission, maxEventLoopLagMs: -1, maxCpuPercent: -1 },
  // `--cluster` runs origin and edge nodes: RELAYRTC_CLUSTER_* from the orchestrator, validated as the server's own.
  cluster: configFromEnv(process.env).cluster,
});

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
  info: () => ({ url: `ws://127.0.0.1:${server.port}/LiveApp/websocket`, egressSrtp: defaultEgressSrtp(), pid: process.pid, rssBytes: process.memoryUsage().rss }),
  arm: ({ start, end, profileTo }: { start: number; end: number; profileTo?: string }) => {
    probe.hooks = profileTo ? profileWindowTo(profileTo) : {};
    probe.arm(start, end);
  },
  collect: async ({ timeoutMs }: { timeoutMs: number }) => {
    const result = await probe.collect(timeoutMs);
    await profileWritten;
    return result;
  },
  rss: () => process.memoryUsage().rss,
  close: async () => {
    await server.close();
    setImmediate(() => process.exit(0));
  },
});
