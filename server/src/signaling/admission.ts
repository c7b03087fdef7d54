/**
 * The checks a publish or play passes before the server creates anything for
 * it: access (tokens), shutdown, and the per-socket and per-server limits.
 * Each refusal is answered here, with its precise definition.
 */
import { ErrorDefinition, errorMessage } from 'relayrtc/protocol';
import { describeOverload } from '../ops/loadMonitor.js';
import type { SignalingSession } from './signalingSession.js';

interface Ask {
  action: 'publish' | 'play';
  streamId: string;
  token?: string;
  subscriberId?: string;
  subscriberCode?: string;
}

/** Token and policy check; answers `unauthorized_access` and returns false when refused. */
export async function accessGranted(session: SignalingSession, ask: Ask): Promise<boolean> {
  const { ctx } = session;
  const allowed = await ctx.access.allows({ ...ask, app: session.info.app });
  if (!allowed) {
    ctx.log.info('access refused', { session: session.id, action: ask.action, streamId: ask.streamId, app: session.info.app });
    session.send(errorMessage(ErrorDefinition.unauthorizedAccess, ask.streamId));
  }
  return allowed;
}

/**
 * Limits on new peer connections; answers and returns false when one is
 * reached: shutdown, the server's load (event-loop delay or CPU over the
 * admission window: highResourceUsage), peers per socket, streams per server. Called after the protocol's own checks (already_publishing,
 * streamIdInUse, no_stream_exist, viewerLimitReached), so those keep Ant
 * Media's precedence.
 */
export function peerAdmitted(session: SignalingSession, action: 'publish' | 'play', streamId: string): boolean {
  const { ctx } = session;
  const refuse = (definition: (typeof ErrorDefinition)[keyof typeof ErrorDefinition], information: string): false => {
    session.send(errorMessage(definition, streamId, information));
    return false;
  };
  if (ctx.state.draining) return refuse(ErrorDefinition.serverShuttingDown, 'the server is shutting down; reconnect to another');
  const overload = ctx.load.overload();
  if (overload) {
    ctx.log.debug('peer refused: overloaded', { session: session.id, action, streamId, ...overload });
    return refuse(ErrorDefinition.highResourceUsage, describeOverload(overload, ctx.config.admission.windowMs));
  }
  const { peerConnectionsPerSocket, streamsPerServer } = ctx.config.limits;
  if (session.peerCount >= peerConnectionsPerSocket) {
    return refuse(ErrorDefinition.peerConnectionLimitReached, `this connection already has ${session.peerCount} publishes and plays (limit ${peerConnectionsPerSocket})`);
  }
  if (action === 'publish' && streamsPerServer >= 0 && ctx.registry.size >= streamsPerServer) {
    return refuse(ErrorDefinition.streamLimitReached, `the server carries ${ctx.registry.size} streams (limit ${streamsPerServer})`);
  }
  return true;
}
