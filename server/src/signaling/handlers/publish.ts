import { ErrorDefinition, errorMessage, startMessage, type ClientMessageOf } from 'relayrtc/protocol';
import { PublishSession } from '../publishSession.js';
import type { SignalingSession } from '../signalingSession.js';

/** `publish`: reserve the stream id and tell the client to send its offer (`start`). */
export function handlePublish(session: SignalingSession, message: ClientMessageOf<'publish'>): void {
  const { streamId } = message;
  if (session.publishes.has(streamId)) {
    session.send(errorMessage(ErrorDefinition.alreadyPublishing, streamId));
    return;
  }
  if (session.ctx.registry.get(streamId)) {
    session.send(errorMessage(ErrorDefinition.streamIdInUse, streamId));
    return;
  }
  const stream = session.ctx.registry.create(streamId, session.id);
  session.publishes.set(streamId, new PublishSession(session, stream));
  session.send(startMessage(streamId));
}
