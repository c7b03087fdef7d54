import { debugInfoNotification, type ClientMessageOf } from 'relayrtc/protocol';
import { queryTarget } from '../queryTarget.js';
import type { SignalingSession } from '../signalingSession.js';

const oneDecimal = (value: number) => Math.round(value * 10) / 10;

/**
 * `getDebugInfo` → `debugInfo` (antmedia-protocol.md §4.3). Ant Media's
 * conference app shows the text when a participant types "debugme"; ours is
 * JSON (ServerDebugInfo): the process's CPU and event-loop delay over the
 * admission window, its memory, and the stream's publisher and player counts.
 * An id nothing publishes or plays is answered too, with zero counts: the
 * server's figures are what someone debugging a vanished stream needs.
 */
export function handleGetDebugInfo(session: SignalingSession, message: ClientMessageOf<'getDebugInfo'>): void {
  const { ctx } = session;
  const target = queryTarget(ctx, message.streamId);
  const load = ctx.load.figures();
  const memory = process.memoryUsage();
  session.send(
    debugInfoNotification({
      streamId: message.streamId,
      publisherCount: target?.publishers ?? 0,
      playerCount: target?.players.size ?? 0,
      cpuPercent: oneDecimal(load.cpuPercent),
      eventLoopLagMs: oneDecimal(load.eventLoopLagMs),
      rssBytes: memory.rss,
      heapUsedBytes: memory.heapUsed,
      uptimeSeconds: Math.round(process.uptime()),
      streamCount: ctx.registry.size,
      peerConnectionCount: ctx.peers.openCount,
    }),
  );
}
