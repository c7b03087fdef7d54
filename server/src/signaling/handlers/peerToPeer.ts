/** `join`, `leave` and `peerMessageCommand`: the server relays between the two members of a call. */
import {
  ErrorDefinition,
  Notification,
  errorMessage,
  notificationMessage,
  peerMessageCommandMessage,
  startMessage,
  stopMessage,
  type ClientMessageOf,
} from 'relayrtc/protocol';
import type { SignalingSession } from '../signalingSession.js';

export function handleJoin(session: SignalingSession, message: ClientMessageOf<'join'>): void {
  const { streamId } = message;
  const { calls, config } = session.ctx;
  const mine = calls.callsOf(session);
  if (!mine.includes(streamId) && mine.length >= config.limits.peerConnectionsPerSocket) {
    session.send(errorMessage(ErrorDefinition.peerConnectionLimitReached, streamId, `this connection is already in ${mine.length} peer-to-peer calls (limit ${config.limits.peerConnectionsPerSocket})`));
    return;
  }
  const result = calls.join(streamId, session);
  if (result === 'full') {
    session.send(errorMessage(ErrorDefinition.streamIdInUse, streamId, 'this peer-to-peer call already has two members'));
    return;
  }
  session.send(notificationMessage(Notification.joined, streamId));
  // The first member makes the offer once someone is there to answer it.
  if (result === 'second') session.ctx.calls.peerOf(streamId, session)?.send(startMessage(streamId));
}

/** Leaving is idempotent; the member left behind is told to close its connection. */
export function leaveCall(session: SignalingSession, streamId: string): void {
  const other = session.ctx.calls.leave(streamId, session);
  other?.send(stopMessage(streamId));
}

export function handleLeave(session: SignalingSession, message: ClientMessageOf<'leave'>): void {
  leaveCall(session, message.streamId);
  session.send(notificationMessage(Notification.leaved, message.streamId));
}

export function handlePeerMessage(session: SignalingSession, message: ClientMessageOf<'peerMessageCommand'>): void {
  const other = relayTarget(session, message.streamId);
  other?.send(peerMessageCommandMessage(message.streamId, message.definition, message.data));
}

/** The member to relay to, or undefined after answering `no_peer_associated_before`. */
export function relayTarget(session: SignalingSession, streamId: string): SignalingSession | undefined {
  const other = session.ctx.calls.peerOf(streamId, session);
  if (!other) session.send(errorMessage(ErrorDefinition.noPeerAssociatedBefore, streamId));
  return other;
}
