import { ErrorDefinition, errorMessage, type ClientMessageOf } from 'relayrtc/protocol';
import { PlaySession } from '../playSession.js';
import type { SignalingSession } from '../signalingSession.js';

/** `play`: the server offers (§4.4.2); an absent or not-yet-live stream gets `no_stream_exist`. */
export async function handlePlay(session: SignalingSession, message: ClientMessageOf<'play'>): Promise<void> {
  const { streamId } = message;
  if (session.plays.has(streamId)) {
    session.send(errorMessage(ErrorDefinition.alreadyPlaying, streamId));
    return;
  }
  const stream = session.ctx.registry.live(streamId);
  if (!stream) {
    session.send(errorMessage(ErrorDefinition.noStreamExist, streamId));
    return;
  }
  const play = new PlaySession(session, stream);
  session.plays.set(streamId, play);
  await play.start();
}
