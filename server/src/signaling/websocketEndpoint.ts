/**
 * WebSocket upgrades at `/{app}/websocket` (any app name, unknown query
 * parameters such as `target` ignored), one SignalingSession per socket.
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { MAX_TEXT_FRAME_BYTES } from 'relayrtc/protocol';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { ServerContext } from './context.js';
import { SignalingSession } from './signalingSession.js';

const WEBSOCKET_PATH = /^\/[A-Za-z0-9_.-]+\/websocket\/?$/;

/** Frames up to 4× Ant Media's limit reach our validator, which answers `messageTooLarge`; beyond that ws closes the socket. */
const MAX_PAYLOAD_BYTES = 4 * MAX_TEXT_FRAME_BYTES;

function frameText(data: RawData): { text: string; byteLength: number } {
  const buffer = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
  return { text: buffer.toString('utf8'), byteLength: buffer.length };
}

export interface WebSocketEndpoint {
  readonly sessions: ReadonlySet<SignalingSession>;
  close(): void;
}

export function attachWebSocketEndpoint(server: Server, ctx: ServerContext): WebSocketEndpoint {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_PAYLOAD_BYTES });
  const sessions = new Set<SignalingSession>();

  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (!WEBSOCKET_PATH.test(path)) {
      socket.end('HTTP/1.1 404 Not Found\r\n\r\n');
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => onConnection(ws));
  });

  function onConnection(ws: WebSocket): void {
    const session = new SignalingSession(ctx, {
      send: (text) => {
        if (ws.readyState === ws.OPEN) ws.send(text);
      },
    });
    sessions.add(session);
    ws.on('message', (data, isBinary) => {
      const { text, byteLength } = frameText(data);
      session.receive(isBinary ? '' : text, byteLength);
    });
    ws.on('close', () => {
      sessions.delete(session);
      session.close();
    });
    ws.on('error', (error) => ctx.log.debug('socket error', { session: session.id, error: String(error) }));
  }

  return {
    sessions,
    close() {
      for (const client of wss.clients) client.terminate();
      for (const session of sessions) session.close();
      sessions.clear();
      wss.close();
    },
  };
}
