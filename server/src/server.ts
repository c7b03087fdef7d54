/** Builds and runs one RelayRTC server: HTTP(S), WebSocket signaling, the relay, REST, metrics. */
import { readFileSync } from 'node:fs';
import { createServer, type Server as HttpServer } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { AccessPolicy } from './auth/accessPolicy.js';
import { OneTimeTokens } from './auth/oneTimeTokens.js';
import { TokenAccessPolicy } from './auth/tokenAccessPolicy.js';
import { withClusterPulls } from './cluster/clusterAccessPolicy.js';
import { defaultConfig, type RelayServerConfig } from './config.js';
import { createHttpApp } from './http/app.js';
import { BroadcastCatalog } from './http/rest/catalog.js';
import type { RestContext } from './http/rest/restContext.js';
import { createLogger, type Logger } from './log.js';
import { LoadMonitor } from './ops/loadMonitor.js';
import { processLoadProbe, type LoadProbe } from './ops/loadProbe.js';
import { ServerMetrics } from './ops/metrics.js';
import { shutdownGracefully, type ShutdownReport } from './ops/shutdown.js';
import { systemClock, type Clock } from './relay/clock.js';
import type { ServerContext } from './signaling/context.js';
import { IngestWatchdog } from './signaling/ingestWatchdog.js';
import { PeerCalls } from './signaling/peerCalls.js';
import { PendingPlays } from './signaling/pendingPlays.js';
import { attachWebSocketEndpoint, type WebSocketEndpoint } from './signaling/websocketEndpoint.js';
import { PeerTracker } from './streams/peerTracker.js';
import { StreamRegistry } from './streams/streamRegistry.js';
import { ViewerWorkers } from './workers/viewerWorkers.js';

export interface RelayServer {
  readonly context: ServerContext;
  readonly endpoint: WebSocketEndpoint;
  readonly metrics: ServerMetrics;
  readonly tokens: OneTimeTokens;
  /** The bound port (useful when configured with port 0). */
  readonly port: number;
  /** Whether it speaks HTTPS/WSS (a certificate and key are configured). */
  readonly secure: boolean;
  /** Graceful: server_will_stop, drain, close within config.shutdown.deadlineMs. */
  shutdown(): Promise<ShutdownReport>;
  /** Immediate: terminates every socket and peer. */
  close(): Promise<void>;
}

export interface RelayServerDeps {
  clock?: Clock;
  log?: Logger;
  /** Who may publish and play; by default the token policy of config.security (open when no app requires tokens). */
  access?: AccessPolicy;
  /** Where admission control reads event-loop delay and CPU; the process's own by default. */
  loadProbe?: LoadProbe;
  /** A module every viewer worker imports first (the benchmark's probe on the workers' egress). */
  viewerWorkerTap?: string;
}

function listen(config: RelayServerConfig, handler: ReturnType<typeof createHttpApp>): HttpServer | HttpsServer {
  if (config.tls.certFile === '') return createServer(handler);
  return createHttpsServer({ cert: readFileSync(config.tls.certFile), key: readFileSync(config.tls.keyFile) }, handler);
}

export async function startRelayServer(
  config: RelayServerConfig = defaultConfig,
  deps: RelayServerDeps = {},
): Promise<RelayServer> {
  const clock = deps.clock ?? systemClock;
  const log = deps.log ?? createLogger('relayrtc', config.log.level);
  const registry = new StreamRegistry(clock, config);
  const tokens = new OneTimeTokens();
  const viewerWorkers =
    config.relay.viewerWorkers > 0 ? new ViewerWorkers(config.relay.viewerWorkers, config, log.child('workers'), deps.viewerWorkerTap) : undefined;
  const metrics = new ServerMetrics();
  const context: ServerContext = {
    config,
    clock,
    log,
    registry,
    peers: new PeerTracker(),
    access: withClusterPulls(deps.access ?? new TokenAccessPolicy(config.security, tokens, log.child('auth')), config.cluster),
    calls: new PeerCalls(),
    pendingPlays: new PendingPlays(registry, config.limits.pendingPlaysPerSocket),
    state: { draining: false },
    observer: metrics,
    load: new LoadMonitor(config.admission, deps.loadProbe ?? processLoadProbe(() => viewerWorkers?.lagP99Ms ?? 0), clock, log.child('load')),
    viewerWorkers,
  };
  metrics.bind(context);
  const catalog = new BroadcastCatalog();
  registry.onStreamStarted((stream) => catalog.markLive(stream.streamId));

  let listening = false;
  // The endpoint needs the HTTP server, which needs the app: the REST context gets its sessions once the endpoint exists.
  const rest: RestContext = { ctx: context, sessions: new Set(), catalog, tokens };
  const httpServer = listen(config, createHttpApp({ config, log, rest, metrics, ready: () => listening && !context.state.draining }));
  const endpoint = attachWebSocketEndpoint(httpServer, context);
  rest.sessions = endpoint.sessions;
  const watchdog = new IngestWatchdog(context, endpoint.sessions);
  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.port, config.host, () => resolve());
  });
  listening = true;
  viewerWorkers?.start();
  const port = (httpServer.address() as AddressInfo).port;
  log.info('listening', { port, host: config.host, tls: config.tls.certFile !== '' });
  // Loaded only when configured: a single node never loads ioredis nor contacts Redis.
  const cluster = config.cluster.redisUrl === '' ? undefined : (await import('./cluster/clusterNode.js')).startClusterNode(context, port);
  context.cluster = cluster;

  const closeHttp = () =>
    new Promise<void>((resolve) => {
      if (!httpServer.listening) return resolve();
      httpServer.close(() => resolve());
      httpServer.closeIdleConnections();
    });
  const close = async () => {
    listening = false;
    await cluster?.close();
    watchdog.close();
    metrics.close();
    context.load.close();
    endpoint.close();
    httpServer.closeAllConnections();
    await closeHttp();
    await context.viewerWorkers?.close();
  };
  return {
    context,
    endpoint,
    metrics,
    tokens,
    port,
    secure: config.tls.certFile !== '',
    shutdown: async () => {
      const report = await shutdownGracefully({ context, endpoint, closeHttp, close }, config.shutdown, log);
      await cluster?.close();
      if (report.clean) {
        watchdog.close();
        metrics.close();
        context.load.close();
        httpServer.closeAllConnections();
        await context.viewerWorkers?.close();
      }
      listening = false;
      return report;
    },
    close,
  };
}
