import { ErrorDefinition, errorMessage, startMessage, type ClientMessageOf } from 'relayrtc/protocol';
import { accessGranted, peerAdmitted } from '../admission.js';
import { PublishSession } from '../publishSession.js';
import type { SignalingSession } from '../signalingSession.js';
import { refuseRoom } from './roomPlay.js';

/** `publish`: check access and limits, reserve the stream id and tell the client to send its offer (`start`). */
export async function handlePublish(session: SignalingSession, message: ClientMessageOf<'publish'>): Promise<void> {
  const { streamId, token, subscriberId, subscriberCode } = message;
  const { ctx } = session;
  if (!(await accessGranted(session, { action: 'publish', streamId, token, subscriberId, subscriberCode }))) return;
  if (ctx.cluster && !(await ctx.cluster.admitsPublish(session, streamId))) return;
  if (session.publishes.has(streamId)) {
    session.send(errorMessage(ErrorDefinition.alreadyPublishing, streamId));
    return;
  }
  if (ctx.registry.get(streamId) || ctx.registry.rooms.get(streamId)) {
    session.send(errorMessage(ErrorDefinition.streamIdInUse, streamId));
    return;
  }
  const roomId = message.mainTrack === undefined || message.mainTrack === '' ? session.joinedRooms.get(streamId) : message.mainTrack;
  const roomRefusal = roomId === undefined ? undefined : refuseRoom(session, streamId, roomId);
  if (roomRefusal) {
    session.send(errorMessage(roomRefusal.definition, streamId, roomRefusal.information));
    return;
  }
  if (!peerAdmitted(session, 'publish', streamId)) return;
  const stream = ctx.registry.create(streamId, session.id);
  stream.details = { name: message.streamName ?? '', metaData: message.metaData ?? '', role: message.role ?? '', roomId };
  session.publishes.set(streamId, new PublishSession(session, stream));
  session.send(startMessage(streamId));
}
