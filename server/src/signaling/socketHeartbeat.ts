/**
 * Notices a socket whose client is gone without closing it (its network died):
 * pinged every period (RFC 6455 §5.5.2, browsers and ws answer with a pong by
 * themselves), it is cut when nothing came from it for a whole period, so its
 * session ends and frees its streams, ids and peers.
 */
import type { WebSocket } from 'ws';
import type { Clock, TimerHandle } from '../relay/clock.js';

/** Watches `ws` until it closes; `cut` runs once when it went silent. Returns nothing to keep: it stops with the socket. */
export function watchHeartbeat(ws: WebSocket, clock: Clock, periodMs: number, cut: () => void): void {
  if (periodMs <= 0) return;
  let heard = true;
  const alive = () => (heard = true);
  ws.on('pong', alive);
  ws.on('message', alive);
  const timer: TimerHandle = clock.every(periodMs, () => {
    if (!heard) {
      timer.cancel();
      cut();
      return;
    }
    heard = false;
    ws.ping();
  });
  ws.once('close', () => timer.cancel());
}
