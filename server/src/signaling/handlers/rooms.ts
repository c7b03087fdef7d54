/**
 * Conference room commands other than play (antmedia-protocol.md §4.2,
 * §4.4.4, §4.4.5): the legacy join/leave, room and subtrack queries, stream
 * metadata, and the per-player video track controls.
 */
import { randomBytes } from 'node:crypto';
import {
  ErrorDefinition,
  Notification,
  broadcastObjectNotification,
  countNotification,
  errorMessage,
  joinedTheRoomNotification,
  leavedFromRoomNotification,
  roomInformationMessage,
  subtrackListNotification,
  videoTrackAssignmentListNotification,
  type ClientMessageOf,
  type RoomStreamEntry,
} from 'relayrtc/protocol';
import type { LiveStream } from '../../streams/liveStream.js';
import type { Room } from '../../streams/room.js';
import { broadcastInfo, roomBroadcastInfo } from '../broadcastInfo.js';
import { queryTarget } from '../queryTarget.js';
import type { RoomPlaySession } from '../roomPlaySession.js';
import type { SignalingSession } from '../signalingSession.js';

export type RoomCommand = ClientMessageOf<
  | 'joinRoom'
  | 'leaveFromRoom'
  | 'getRoomInfo'
  | 'getSubtracks'
  | 'getSubtracksCount'
  | 'getSubscriberCount'
  | 'getBroadcastObject'
  | 'updateStreamMetaData'
  | 'getVideoTrackAssignmentsCommand'
  | 'setMaxVideoTrackCountCommand'
  | 'assignVideoTrackCommand'
>;

export function handleRoomCommand(session: SignalingSession, message: RoomCommand): void | Promise<void> {
  switch (message.command) {
    case 'joinRoom':
      return joinRoom(session, message);
    case 'leaveFromRoom':
      return leaveFromRoom(session, message);
    case 'getRoomInfo':
      return getRoomInfo(session, message);
    case 'getSubtracks':
      return withRoom(session, message.streamId, (room) => {
        const matching = subtracks(room, message.role);
        const offset = message.offset ?? 0;
        const page = matching.slice(offset, message.size === undefined ? undefined : offset + message.size);
        session.send(subtrackListNotification(room.roomId, page.map(broadcastInfo)));
      });
    case 'getSubtracksCount':
      return withRoom(session, message.streamId, (room) => {
        const status = message.status ?? '';
        const matching = subtracks(room, message.role).filter((s) => status === '' || broadcastInfo(s).status === status);
        session.send(countNotification(Notification.subtrackCount, room.roomId, matching.length));
      });
    case 'getSubscriberCount': {
      const target = queryTarget(session.ctx, message.streamId);
      if (target) session.send(countNotification(Notification.subscriberCount, message.streamId, target.players.size));
      else session.send(errorMessage(ErrorDefinition.noStreamExist, message.streamId));
      return;
    }
    case 'getBroadcastObject': {
      const stream = session.ctx.registry.get(message.streamId);
      const room = session.ctx.registry.rooms.get(message.streamId);
      if (stream) session.send(broadcastObjectNotification(broadcastInfo(stream)));
      else if (room) session.send(broadcastObjectNotification(roomBroadcastInfo(room)));
      else session.send(errorMessage(ErrorDefinition.noStreamExist, message.streamId));
      return;
    }
    case 'updateStreamMetaData':
      return updateStreamMetaData(session, message);
    case 'getVideoTrackAssignmentsCommand':
      return withRoomPlay(session, message.streamId, (play) =>
        session.send(videoTrackAssignmentListNotification(play.streamId, play.videoTrackAssignments)),
      );
    case 'setMaxVideoTrackCountCommand':
      return withRoomPlay(session, message.streamId, (play) => play.setMaxVideoTrackCount(message.maxTrackCount));
    case 'assignVideoTrackCommand': {
      const play = [...session.roomPlays.values()].find((p) => p.visibleIds.includes(message.streamId));
      if (!play) {
        session.send(errorMessage(ErrorDefinition.invalidParameter, message.streamId, 'no room this connection plays has that participant'));
        return;
      }
      play.pin(message.streamId, message.videoTrackId, message.enabled ?? true);
      session.send(videoTrackAssignmentListNotification(play.streamId, play.videoTrackAssignments));
      return;
    }
    default: {
      const unhandled: never = message;
      throw new Error(`no room handler for ${JSON.stringify(unhandled)}`);
    }
  }
}

function entry(stream: LiveStream): RoomStreamEntry {
  return { streamId: stream.streamId, streamName: stream.details.name === '' ? null : stream.details.name, metaData: stream.details.metaData };
}

function subtracks(room: Room, role: string | undefined): LiveStream[] {
  return room.participants.filter((s) => role === undefined || role === '' || s.details.role === role);
}

/** How many legacy joinRoom ids a socket is remembered by (each for its publish to join the room). */
const JOINED_ROOMS_PER_SOCKET = 32;

/** A made-up participant id for joinRoom without one: 16 letters and digits, like Ant Media's. */
function newStreamId(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  return [...randomBytes(16)].map((byte) => alphabet[byte % alphabet.length]).join('');
}

/** Legacy join (§4.4.4): answers the participant's id and who is already in; the client then publishes and plays. */
function joinRoom(session: SignalingSession, message: ClientMessageOf<'joinRoom'>): void {
  const { ctx } = session;
  if (ctx.registry.get(message.room)) {
    session.send(errorMessage(ErrorDefinition.invalidParameter, message.streamId, `'room' ${message.room} is a stream, not a room`));
    return;
  }
  const streamId = message.streamId ?? newStreamId();
  const others = (ctx.registry.rooms.get(message.room)?.participants ?? []).filter((s) => s.streamId !== streamId);
  // Bounded: a socket that joins again and again keeps only its latest ids.
  if (session.joinedRooms.size >= JOINED_ROOMS_PER_SOCKET) session.joinedRooms.delete(session.joinedRooms.keys().next().value!);
  session.joinedRooms.set(streamId, message.room);
  session.send(joinedTheRoomNotification(message.room, streamId, others.map(entry), ctx.config.rooms.maxVideoTrackCount));
}

/**
 * Legacy leave: ends this socket's participant stream in the room (the one named, or every one
 * when none is: the official sample sends leaveFromRoom(room) alone) and its play of the room.
 */
function leaveFromRoom(session: SignalingSession, message: ClientMessageOf<'leaveFromRoom'>): void {
  for (const publish of [...session.publishes.values()]) {
    const named = message.streamId === undefined || publish.streamId === message.streamId;
    if (named && publish.stream.details.roomId === message.room) publish.stop();
  }
  session.roomPlays.get(message.room)?.stop();
  for (const [id, room] of session.joinedRooms) if (room === message.room && (message.streamId === undefined || id === message.streamId)) session.joinedRooms.delete(id);
  session.send(leavedFromRoomNotification(message.room, message.streamId));
}

/** roomInformation: the participants other than the asker, or no_active_streams_in_room. */
function getRoomInfo(session: SignalingSession, message: ClientMessageOf<'getRoomInfo'>): void {
  const others = (session.ctx.registry.rooms.get(message.room)?.participants ?? []).filter((s) => s.streamId !== message.streamId);
  if (others.length === 0) {
    session.send(errorMessage(ErrorDefinition.noActiveStreamsInRoom, message.room, `nobody else publishes in room ${message.room}`));
    return;
  }
  session.send(roomInformationMessage(message.room, others.map(entry)));
}

/** Replaces the metaData of a stream this socket publishes; the room's players (and the sender) get its broadcastObject. */
function updateStreamMetaData(session: SignalingSession, message: ClientMessageOf<'updateStreamMetaData'>): void {
  const stream = session.ctx.registry.get(message.streamId);
  if (!stream) {
    session.send(errorMessage(ErrorDefinition.noStreamExist, message.streamId));
    return;
  }
  if (!session.publishes.has(message.streamId)) {
    session.send(errorMessage(ErrorDefinition.unauthorizedAccess, message.streamId, 'only the connection publishing a stream may change its metaData'));
    return;
  }
  stream.details = { ...stream.details, metaData: message.metaData };
  const roomId = stream.details.roomId;
  if (roomId !== undefined) session.ctx.registry.rooms.get(roomId)?.updated(stream);
  session.send(broadcastObjectNotification(broadcastInfo(stream)));
}

function withRoom(session: SignalingSession, roomId: string, use: (room: Room) => void): void {
  const room = session.ctx.registry.rooms.get(roomId);
  if (room) use(room);
  else session.send(errorMessage(ErrorDefinition.noStreamExist, roomId, `no room ${roomId}`));
}

function withRoomPlay(session: SignalingSession, roomId: string, use: (play: RoomPlaySession) => void | Promise<void>): void | Promise<void> {
  const play = session.roomPlays.get(roomId);
  if (play) return use(play);
  session.send(errorMessage(ErrorDefinition.invalidParameter, roomId, `this connection does not play room ${roomId}`));
}
