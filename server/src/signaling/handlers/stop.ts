import type { ClientMessageOf } from 'relayrtc/protocol';
import type { SignalingSession } from '../signalingSession.js';

/** `stop`: idempotent; unknown ids are fine (checklist item 8). */
export function handleStop(session: SignalingSession, message: ClientMessageOf<'stop'>): void {
  session.publishes.get(message.streamId)?.stop();
  session.plays.get(message.streamId)?.stop();
  session.roomPlays.get(message.streamId)?.stop();
}
