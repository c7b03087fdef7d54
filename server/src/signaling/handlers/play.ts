import { ErrorDefinition, errorMessage, type ClientMessageOf } from 'relayrtc/protocol';
import { accessGranted, peerAdmitted } from '../admission.js';
import { PlaySession } from '../playSession.js';
import { playRoom } from './roomPlay.js';
import { rememberSubscriber } from '../subscribers.js';
import type { SignalingSession } from '../signalingSession.js';

/**
 * `play`: the server offers (§4.4.2). An absent or not-yet-live stream gets
 * `no_stream_exist`, and the socket is told `streaming_started` when it goes live.
 */
export async function handlePlay(session: SignalingSession, message: ClientMessageOf<'play'>): Promise<void> {
  const { streamId, token, subscriberId, subscriberCode } = message;
  const { ctx } = session;
  if (!(await accessGranted(session, { action: 'play', streamId, token, subscriberId, subscriberCode }))) return;
  if (session.plays.has(streamId) || session.roomPlays.has(streamId)) {
    session.send(errorMessage(ErrorDefinition.alreadyPlaying, streamId));
    return;
  }
  const room = ctx.registry.rooms.get(streamId);
  if (room && !ctx.registry.get(streamId)) return playRoom(session, room, message);
  // A stream live on another node of the cluster is pulled here and played like a local one.
  const found = ctx.registry.live(streamId) ?? (await ctx.cluster?.pull(streamId, session.info.app));
  // An edge pulling it gets its layers, once they have had time to start.
  const pinned = found ? await ctx.cluster?.pinnedLayers(streamId, token, found) : undefined;
  if (session.isClosed) return;
  const stream = found?.isLive ? found : undefined;
  if (!stream) {
    ctx.pendingPlays.add(streamId, session);
    session.send(errorMessage(ErrorDefinition.noStreamExist, streamId));
    return;
  }
  const limit = ctx.config.limits.viewersPerStream;
  if (limit >= 0 && stream.players.size >= limit) {
    session.send(errorMessage(ErrorDefinition.viewerLimitReached, streamId));
    return;
  }
  if (!peerAdmitted(session, 'play', streamId)) return;
  const play = new PlaySession(session, stream, pinned);
  if (!play.relayPull) rememberSubscriber(play, message, session.id);
  session.plays.set(streamId, play);
  await play.start();
}
