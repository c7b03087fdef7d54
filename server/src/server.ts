/** Builds and runs one RelayRTC server: HTTP, WebSocket signaling and the relay. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { allowEveryone, type AccessPolicy } from './auth/accessPolicy.js';
import { defaultConfig, type RelayServerConfig } from './config.js';
import { createHttpApp } from './http/app.js';
import { createLogger, type Logger } from './log.js';
import { systemClock, type Clock } from './relay/clock.js';
import type { ServerContext } from './signaling/context.js';
import { PeerCalls } from './signaling/peerCalls.js';
import { PendingPlays } from './signaling/pendingPlays.js';
import { attachWebSocketEndpoint, type WebSocketEndpoint } from './signaling/websocketEndpoint.js';
import { PeerTracker } from './streams/peerTracker.js';
import { StreamRegistry } from './streams/streamRegistry.js';

export interface RelayServer {
  readonly context: ServerContext;
  readonly endpoint: WebSocketEndpoint;
  /** The bound port (useful when configured with port 0). */
  readonly port: number;
  close(): Promise<void>;
}

export interface RelayServerDeps {
  clock?: Clock;
  log?: Logger;
  /** Who may publish and play; everyone by default. */
  access?: AccessPolicy;
}

export async function startRelayServer(
  config: RelayServerConfig = defaultConfig,
  deps: RelayServerDeps = {},
): Promise<RelayServer> {
  const clock = deps.clock ?? systemClock;
  const log = deps.log ?? createLogger();
  const registry = new StreamRegistry(clock, config);
  const context: ServerContext = {
    config,
    clock,
    log,
    registry,
    peers: new PeerTracker(),
    access: deps.access ?? allowEveryone,
    calls: new PeerCalls(),
    pendingPlays: new PendingPlays(registry, config.limits.pendingPlaysPerSocket),
  };
  const httpServer: Server = createServer(createHttpApp(config));
  const endpoint = attachWebSocketEndpoint(httpServer, context);
  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.port, config.host, () => resolve());
  });
  const port = (httpServer.address() as AddressInfo).port;
  log.info('listening', { port, host: config.host });
  return {
    context,
    endpoint,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        endpoint.close();
        httpServer.closeAllConnections();
        httpServer.close(() => resolve());
      }),
  };
}
