/** Playing a room, and the checks a participant's room id passes (antmedia-protocol.md §4.4.5). */
import { ErrorDefinition, errorMessage, isValidStreamId, type ClientMessageOf, type ErrorDefinitionValue } from 'relayrtc/protocol';
import type { Room } from '../../streams/room.js';
import { peerAdmitted } from '../admission.js';
import { RoomPlaySession } from '../roomPlaySession.js';
import { rememberSubscriber } from '../subscribers.js';
import type { SignalingSession } from '../signalingSession.js';

/** Why `streamId` cannot join room `roomId` (publish with mainTrack), or undefined when it can. */
export function refuseRoom(session: SignalingSession, streamId: string, roomId: string): { definition: ErrorDefinitionValue; information: string } | undefined {
  if (!isValidStreamId(roomId)) return { definition: ErrorDefinition.invalidStreamName, information: "room ids ('mainTrack') may only contain letters, digits, '_', '.' and '-'" };
  if (roomId === streamId) return { definition: ErrorDefinition.invalidParameter, information: "'mainTrack' must name a room, not the stream itself" };
  if (session.ctx.registry.get(roomId)) return { definition: ErrorDefinition.invalidParameter, information: `'mainTrack' ${roomId} is a stream, not a room` };
  return undefined;
}

/** `play` of a room id: one connection carrying every other participant, kept up to date by renegotiation. */
export async function playRoom(session: SignalingSession, room: Room, message: ClientMessageOf<'play'>): Promise<void> {
  const { ctx } = session;
  const limit = ctx.config.limits.viewersPerStream;
  if (limit >= 0 && room.players.size >= limit) {
    session.send(errorMessage(ErrorDefinition.viewerLimitReached, room.roomId));
    return;
  }
  if (!peerAdmitted(session, 'play', room.roomId)) return;
  const ownId = message.userPublishId === undefined || message.userPublishId === '' ? undefined : message.userPublishId;
  const trackList = message.trackList ?? [];
  const excluded = new Set(trackList.filter((id) => id.startsWith('!')).map((id) => id.slice(1)));
  const named = trackList.filter((id) => id !== '' && !id.startsWith('!'));
  const play = new RoomPlaySession(session, room, {
    ownId,
    excluded,
    included: named.length > 0 ? new Set(named) : undefined,
    tracksDisabledByDefault: message.disableTracksByDefault ?? false,
    maxVideoTrackCount: message.maxVideoTrackCount ?? ctx.config.rooms.maxVideoTrackCount,
  });
  rememberSubscriber(play, message, session.id);
  session.roomPlays.set(room.roomId, play);
  await play.start();
}
