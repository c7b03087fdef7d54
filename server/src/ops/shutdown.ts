/**
 * Graceful shutdown (SIGTERM): stop being ready, refuse new sockets and new
 * publishes/plays, tell every client `server_will_stop` (Ant Media clients
 * then reconnect, antmedia-protocol.md §4.6), give them `noticeMs` to leave,
 * then close the remaining sockets with 1001 and free their peers and
 * streams, and close the HTTP server. No publish_finished / play_finished:
 * the streams did not end, and a player told `play_finished` would stop
 * instead of reconnecting. Whatever is still open at `deadlineMs` is cut.
 */
import { Notification, notificationMessage } from 'relayrtc/protocol';
import type { RelayServerConfig } from '../config.js';
import type { Logger } from '../log.js';
import type { ServerContext } from '../signaling/context.js';
import type { WebSocketEndpoint } from '../signaling/websocketEndpoint.js';

export interface ShutdownTarget {
  context: ServerContext;
  endpoint: WebSocketEndpoint;
  /** Stops listening and closes idle HTTP connections; resolves when the HTTP server has closed. */
  closeHttp(): Promise<void>;
  /** Frees everything at once (the deadline's last resort). */
  close(): Promise<void>;
}

export interface ShutdownReport {
  /** Everything closed before the deadline. */
  clean: boolean;
  /** Sockets open when shutdown began. */
  sessions: number;
  elapsedMs: number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Waits up to `ms`, returning early once `done()` holds. */
async function waitUntil(done: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!done() && Date.now() < end) await sleep(Math.min(50, Math.max(0, end - Date.now())));
}

export async function shutdownGracefully(target: ShutdownTarget, options: RelayServerConfig['shutdown'], log: Logger): Promise<ShutdownReport> {
  const started = Date.now();
  const { context, endpoint } = target;
  const sessions = endpoint.sessions.size;
  context.state.draining = true;
  log.info('shutting down', { sessions, streams: context.registry.size, deadlineMs: options.deadlineMs });
  for (const session of endpoint.sessions) session.send(notificationMessage(Notification.serverWillStop));

  const orderly = (async () => {
    await waitUntil(() => endpoint.sessions.size === 0, options.noticeMs);
    const left = Math.max(0, options.deadlineMs - (Date.now() - started));
    await endpoint.closeGracefully(left);
    await target.closeHttp();
    return true;
  })();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), options.deadlineMs)));
  const clean = await Promise.race([orderly, deadline]);
  clearTimeout(timer);
  if (!clean) {
    log.warn('shutdown deadline reached: closing what is left', { deadlineMs: options.deadlineMs, sessions: endpoint.sessions.size });
    await target.close();
  }
  const report = { clean, sessions, elapsedMs: Date.now() - started };
  log.info('stopped', report);
  return report;
}
