/**
 * WebSocket upgrades at `/{app}/websocket` (any app name, unknown query
 * parameters such as `target` ignored), one SignalingSession per socket.
 * Upgrades are judged first (upgradeGate.ts): path, shutdown, connection
 * limit, origin.
 */
import type { IncomingMessage, Server as HttpServer } from 'node:http';
import type { Server as HttpsServer } from 'node:https';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { MAX_CONFIGURABLE_FRAME_BYTES } from '../config/options.js';
import type { ServerContext } from './context.js';
import { SignalingSession } from './signalingSession.js';
import { watchHeartbeat } from './socketHeartbeat.js';
import { judgeUpgrade } from './upgradeGate.js';

/** Frames up to the largest configurable limit reach our validator, which answers `messageTooLarge`; beyond that ws closes the socket. */
const MAX_PAYLOAD_BYTES = MAX_CONFIGURABLE_FRAME_BYTES;

/** RFC 6455 §7.4.1: 1001 "going away", as a server that shuts down. */
const GOING_AWAY = 1001;

function frameText(data: RawData): { text: string; byteLength: number } {
  const buffer = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
  return { text: buffer.toString('utf8'), byteLength: buffer.length };
}

function remoteAddress(request: IncomingMessage): string {
  return request.socket.remoteAddress ?? '';
}

export interface WebSocketEndpoint {
  readonly sessions: ReadonlySet<SignalingSession>;
  /**
   * Closes every socket with 1001 (going away) and frees its session's peers and streams at once,
   * without publish_finished / play_finished: the streams did not end, the server is leaving, and
   * clients that heard server_will_stop reconnect and set them up again. Resolves when every socket
   * has closed, or after `timeoutMs` (then the rest are cut).
   */
  closeGracefully(timeoutMs: number): Promise<void>;
  close(): void;
}

export function attachWebSocketEndpoint(server: HttpServer | HttpsServer, ctx: ServerContext): WebSocketEndpoint {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_PAYLOAD_BYTES });
  const sessions = new Set<SignalingSession>();
  const sockets = new Map<SignalingSession, WebSocket>();

  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const verdict = judgeUpgrade(request, ctx.config, { draining: ctx.state.draining, openSockets: sessions.size });
    if (!verdict.ok) {
      ctx.observer.upgradeRefused(verdict.reason);
      ctx.log.debug('upgrade refused', { reason: verdict.reason, origin: request.headers.origin, remoteAddress: remoteAddress(request) });
      socket.end(`HTTP/1.1 ${verdict.status} ${verdict.message}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    // In a cluster, `target=origin|edge` (Ant Media's load-balancer hint) names the role the client wants.
    const elsewhere = ctx.cluster?.misrouted(request, verdict.app);
    if (elsewhere) {
      ctx.observer.upgradeRefused('misdirected');
      socket.end(`HTTP/1.1 421 Misdirected Request\r\nX-RelayRTC-Node: ${elsewhere}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => onConnection(ws, request, verdict.app));
  });

  function onConnection(ws: WebSocket, request: IncomingMessage, app: string): void {
    const session = new SignalingSession(
      ctx,
      {
        send: (text) => {
          if (ws.readyState === ws.OPEN) ws.send(text);
        },
        bufferedBytes: () => ws.bufferedAmount,
      },
      { app, remoteAddress: remoteAddress(request), userAgent: request.headers['user-agent'] ?? '', origin: request.headers.origin ?? '' },
    );
    sessions.add(session);
    sockets.set(session, ws);
    ctx.observer.socketOpened();
    ws.on('message', (data, isBinary) => {
      const { text, byteLength } = frameText(data);
      session.receive(isBinary ? '' : text, byteLength);
    });
    ws.on('close', () => {
      sessions.delete(session);
      sockets.delete(session);
      session.close();
      ctx.observer.socketClosed();
    });
    ws.on('error', (error) => ctx.log.debug('socket error', { session: session.id, error: String(error) }));
    watchHeartbeat(ws, ctx.clock, ctx.config.limits.heartbeatMs, () => {
      ctx.log.info('socket silent for a whole heartbeat period: cut', { session: session.id, remoteAddress: session.info.remoteAddress });
      ws.terminate();
    });
  }

  return {
    sessions,
    async closeGracefully(timeoutMs) {
      const entries = [...sockets];
      const closing = entries.map(
        ([, ws]) =>
          new Promise<void>((resolve) => {
            if (ws.readyState === ws.CLOSED) return resolve();
            ws.once('close', () => resolve());
            ws.close(GOING_AWAY, 'server shutting down');
          }),
      );
      // Every socket is closing before any session ends its streams, so no stop message reaches a client.
      for (const [session] of entries) session.close();
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([Promise.all(closing), new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
      clearTimeout(timer);
      for (const ws of sockets.values()) ws.terminate();
    },
    close() {
      for (const client of wss.clients) client.terminate();
      for (const session of sessions) session.close();
      sessions.clear();
      sockets.clear();
      wss.close();
    },
  };
}
