/**
 * Whether a WebSocket upgrade may proceed: the path, shutdown, the connection
 * limit and the origin allow-list. Refusals are plain HTTP answers, before
 * any session exists.
 */
import type { IncomingMessage } from 'node:http';
import type { RelayServerConfig } from '../config.js';
import type { UpgradeRefusal } from './observer.js';

const WEBSOCKET_PATH = /^\/([A-Za-z0-9_.-]+)\/websocket\/?$/;

export type UpgradeVerdict = { ok: true; app: string } | { ok: false; reason: UpgradeRefusal; status: number; message: string };

function refuse(reason: UpgradeRefusal, status: number, message: string): UpgradeVerdict {
  return { ok: false, reason, status, message };
}

/**
 * Browsers always send `Origin` on a WebSocket upgrade (RFC 6455 §4.1 item 8);
 * clients that are not browsers may omit it, and the allow-list, being a
 * defence against other sites' pages, does not apply to them.
 */
export function originAllowed(origin: string | undefined, allowed: readonly string[]): boolean {
  if (allowed.length === 0 || allowed.includes('*') || origin === undefined) return true;
  return allowed.includes(origin);
}

export function judgeUpgrade(
  request: IncomingMessage,
  config: RelayServerConfig,
  state: { draining: boolean; openSockets: number },
): UpgradeVerdict {
  const path = new URL(request.url ?? '/', 'http://localhost').pathname;
  const match = WEBSOCKET_PATH.exec(path);
  if (!match) return refuse('notFound', 404, 'Not Found');
  if (state.draining) return refuse('shuttingDown', 503, 'Service Unavailable');
  if (state.openSockets >= config.limits.connections) return refuse('tooManyConnections', 503, 'Service Unavailable');
  if (!originAllowed(request.headers.origin, config.security.allowedOrigins)) return refuse('originNotAllowed', 403, 'Forbidden');
  return { ok: true, app: match[1]! };
}
