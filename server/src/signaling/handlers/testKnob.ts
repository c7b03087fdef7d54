import { ErrorDefinition, errorMessage, type ClientMessageOf } from 'relayrtc/protocol';
import type { SignalingSession } from '../signalingSession.js';

/** `relayTestKnob`: only on servers started with test knobs; otherwise it does not exist. */
export function handleTestKnob(session: SignalingSession, message: ClientMessageOf<'relayTestKnob'>): void {
  if (!session.ctx.config.testing.knobs) {
    session.send(errorMessage(ErrorDefinition.unknownCommand, message.streamId, "unknown command 'relayTestKnob'"));
    return;
  }
  const play = session.plays.get(message.streamId) ?? session.roomPlays.get(message.streamId);
  if (!play) {
    session.send(errorMessage(ErrorDefinition.noStreamExist, message.streamId, 'this connection does not play that stream'));
    return;
  }
  play.impair(message);
}
