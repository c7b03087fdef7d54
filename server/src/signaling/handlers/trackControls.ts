/**
 * What a player is sent (antmedia-protocol.md §4.2, §4.4.5, §4.4.6):
 * toggleVideo, toggleAudio and enableTrack stop or resume tracks of this
 * connection's play (the stream's own, or one room participant's);
 * getTrackList lists a main track's subtracks; updateVideoTrackAssignmentsCommand
 * pages a room's participants through this player's video slots.
 */
import { ErrorDefinition, errorMessage, trackListMessage, type ClientMessageOf } from 'relayrtc/protocol';
import type { MediaKind } from '../../relay/sourceTrack.js';
import type { SignalingSession } from '../signalingSession.js';

const BOTH_KINDS: readonly MediaKind[] = ['audio', 'video'];

export function handleToggleKind(session: SignalingSession, message: ClientMessageOf<'toggleVideo' | 'toggleAudio'>): void {
  setTracksEnabled(session, message.streamId, message.trackId, [message.command === 'toggleVideo' ? 'video' : 'audio'], message.enabled);
}

export function handleEnableTrack(session: SignalingSession, message: ClientMessageOf<'enableTrack'>): void {
  setTracksEnabled(session, message.streamId, message.trackId, BOTH_KINDS, message.enabled);
}

/** `trackList`: a room's participants, none for a plain stream. */
export function handleGetTrackList(session: SignalingSession, message: ClientMessageOf<'getTrackList'>): void {
  const { registry } = session.ctx;
  const room = registry.rooms.get(message.streamId);
  if (room) session.send(trackListMessage(room.roomId, room.participants.map((participant) => participant.streamId)));
  else if (registry.get(message.streamId)) session.send(trackListMessage(message.streamId, []));
  else session.send(errorMessage(ErrorDefinition.noStreamExist, message.streamId));
}

export function handleUpdateVideoTrackAssignments(session: SignalingSession, message: ClientMessageOf<'updateVideoTrackAssignmentsCommand'>): void {
  const play = session.roomPlays.get(message.streamId);
  if (!play) {
    session.send(errorMessage(ErrorDefinition.invalidParameter, message.streamId, `this connection does not play room ${message.streamId}`));
    return;
  }
  if (!play.showPage(message.offset, message.size)) notStartedYet(session, message.streamId);
}

/**
 * `trackId` names the track: for a plain play the stream itself (or nothing), for a room
 * play one participant it sees.
 */
function setTracksEnabled(session: SignalingSession, streamId: string, trackId: string | undefined, kinds: readonly MediaKind[], enabled: boolean): void {
  const play = session.plays.get(streamId);
  if (play) {
    if (trackId !== undefined && trackId !== streamId) {
      session.send(errorMessage(ErrorDefinition.invalidParameter, streamId, `stream ${streamId} has no track ${trackId}`));
      return;
    }
    for (const kind of kinds) play.setKindEnabled(kind, enabled);
    return;
  }
  const roomPlay = session.roomPlays.get(streamId);
  if (!roomPlay) {
    session.send(errorMessage(ErrorDefinition.noStreamExist, streamId, 'this connection does not play that stream'));
    return;
  }
  if (trackId === undefined || !roomPlay.visibleIds.includes(trackId)) {
    session.send(errorMessage(ErrorDefinition.invalidParameter, streamId, `room ${streamId} has no participant ${trackId ?? '(none named)'} this connection is sent`));
    return;
  }
  if (!roomPlay.setParticipantEnabled(trackId, kinds, enabled)) notStartedYet(session, streamId);
}

function notStartedYet(session: SignalingSession, roomId: string): void {
  session.send(errorMessage(ErrorDefinition.invalidParameter, roomId, `the play of room ${roomId} has not started yet`));
}
