/**
 * Notices a socket whose client is gone without closing it (its network died):
 * pinged every period (RFC 6455 §5.5.2, browsers and ws answer with a pong by
 * themselves), it is cut when nothing came from it for a whole period, so its
 * session ends and frees its streams, ids and peers.
 */
import type { Clock, TimerHandle } from '../relay/clock.js';

/** What the heartbeat needs of a ws WebSocket. */
export interface PingableSocket {
  on(event: 'pong' | 'message', listener: () => void): unknown;
  once(event: 'close', listener: () => void): unknown;
  ping(): void;
}

/** Watches `ws` until it closes; `cut` runs once when it went silent. */
export function watchHeartbeat(ws: PingableSocket, clock: Clock, periodMs: number, cut: () => void): void {
  if (periodMs <= 0) return;
  let heard = true;
  let lastTick = clock.now();
  const alive = () => (heard = true);
  ws.on('pong', alive);
  ws.on('message', alive);
  const timer: TimerHandle = clock.every(periodMs, () => {
    // A tick far behind time means the server itself stood still (its answers may be unread): judge the next period.
    const onTime = clock.now() - lastTick < periodMs * 1.5;
    lastTick = clock.now();
    if (!heard && onTime) {
      timer.cancel();
      cut();
      return;
    }
    heard = false;
    ws.ping();
  });
  ws.once('close', () => timer.cancel());
}
