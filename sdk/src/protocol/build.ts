/**
 * Typed constructors for the messages each side sends, so no caller writes
 * a command or definition string by hand.
 */
import type { ClientCommandName, ClientMessageOf } from './clientMessages.js';
import type { VideoTrackAssignment } from './dataChannelEvents.js';
import {
  ErrorDefinition,
  NO_STREAM_EXIST_ERROR_CODE,
  Notification,
  ROOM_NAME_KEY,
  type ErrorDefinitionValue,
  type NotificationDefinition,
} from './definitions.js';
import type { BroadcastInfo, RoomStreamEntry, ServerDebugInfo, ServerMessageOf, StreamInfoEntry, SubscriberInfo } from './serverMessages.js';

export interface ErrorMessage {
  command: 'error';
  definition: ErrorDefinitionValue;
  streamId?: string;
  error_code?: string;
  information?: string;
}

export interface NotificationMessage {
  command: 'notification';
  definition: NotificationDefinition;
  streamId?: string;
  [extra: string]: unknown;
}

export function errorMessage(definition: ErrorDefinitionValue, streamId?: string, information?: string): ErrorMessage {
  const message: ErrorMessage = { command: 'error', definition };
  if (streamId !== undefined) message.streamId = streamId;
  if (definition === ErrorDefinition.noStreamExist) message.error_code = NO_STREAM_EXIST_ERROR_CODE;
  if (information !== undefined) message.information = information;
  return message;
}

export function notificationMessage(
  definition: NotificationDefinition,
  streamId?: string,
  extra: Record<string, unknown> = {},
): NotificationMessage {
  return { command: 'notification', definition, ...(streamId === undefined ? {} : { streamId }), ...extra };
}

export function startMessage(streamId: string): ServerMessageOf<'start'> {
  return { command: 'start', streamId };
}

export function stopMessage(streamId: string): ServerMessageOf<'stop'> {
  return { command: 'stop', streamId };
}

export function pongMessage(): ServerMessageOf<'pong'> {
  return { command: 'pong' };
}

export function takeConfigurationMessage(
  streamId: string,
  type: 'offer' | 'answer',
  sdp: string,
  idMapping?: Record<string, string>,
): ServerMessageOf<'takeConfiguration'> {
  return { command: 'takeConfiguration', streamId, type, sdp, ...(idMapping ? { idMapping } : {}) };
}

export function takeCandidateMessage(
  streamId: string,
  label: number,
  id: string | undefined,
  candidate: string,
): ServerMessageOf<'takeCandidate'> {
  return { command: 'takeCandidate', streamId, label, ...(id === undefined ? {} : { id }), candidate };
}

/** Client side: what our SDK sends. Keys match the official SDK's so the server sees one shape. */
export function publishCommand(streamId: string, options: Omit<ClientMessageOf<'publish'>, 'command' | 'streamId'> = {}): ClientMessageOf<'publish'> {
  return { command: 'publish', streamId, ...options };
}

export function playCommand(streamId: string, options: Omit<ClientMessageOf<'play'>, 'command' | 'streamId'> = {}): ClientMessageOf<'play'> {
  return { command: 'play', streamId, ...options };
}

export function pingCommand(): ClientMessageOf<'ping'> {
  return { command: 'ping' };
}

export function stopCommand(streamId: string): ClientMessageOf<'stop'> {
  return { command: 'stop', streamId };
}

export function takeConfigurationCommand(streamId: string, type: 'offer' | 'answer', sdp: string): ClientMessageOf<'takeConfiguration'> {
  return { command: 'takeConfiguration', streamId, type, sdp };
}

/** `label` is the candidate's sdpMLineIndex and `id` its sdpMid, as Ant Media names them. */
export function takeCandidateCommand(
  streamId: string,
  label: number | undefined,
  id: string | undefined,
  candidate: string,
): ClientMessageOf<'takeCandidate'> {
  return {
    command: 'takeCandidate',
    streamId,
    ...(label === undefined ? {} : { label }),
    ...(id === undefined ? {} : { id }),
    candidate,
  };
}

export function iceServerConfigMessage(
  stunServerUri: string,
  turnServerUsername: string,
  turnServerCredential: string,
): ServerMessageOf<'iceServerConfig'> {
  return { command: 'iceServerConfig', stunServerUri, turnServerUsername, turnServerCredential };
}

export function streamInformationMessage(streamId: string, streamInfo: StreamInfoEntry[]): ServerMessageOf<'streamInformation'> {
  return { command: 'streamInformation', streamId, streamInfo };
}

export function trackListMessage(streamId: string, trackList: string[]): ServerMessageOf<'trackList'> {
  return { command: 'trackList', streamId, trackList };
}

export function peerMessageCommandMessage(streamId: string, definition: string | undefined, data: unknown): ServerMessageOf<'peerMessageCommand'> {
  return { command: 'peerMessageCommand', streamId, ...(definition === undefined ? {} : { definition }), data };
}

/** Client side: any command by name with its fields (room commands and the rest have no dedicated builder). */
export function clientCommand<C extends ClientCommandName>(command: C, fields: Omit<ClientMessageOf<C>, 'command'>): ClientMessageOf<C> {
  return { command, ...fields } as ClientMessageOf<C>;
}

// --- Conference rooms (server side) ---------------------------------------

/** `roomInformation`: the room's participants (the asker's own stream left out by the caller). */
export function roomInformationMessage(room: string, entries: RoomStreamEntry[]): ServerMessageOf<'roomInformation'> {
  return { command: 'roomInformation', room, [ROOM_NAME_KEY]: room, streams: entries.map((e) => e.streamId), streamList: entries };
}

/** `joinedTheRoom`: the participant's stream id, the others already in the room, and the video track cap. */
export function joinedTheRoomNotification(room: string, streamId: string, others: RoomStreamEntry[], maxTrackCount: number): NotificationMessage {
  return notificationMessage(Notification.joinedTheRoom, streamId, {
    streams: others.map((e) => e.streamId),
    streamList: others,
    [ROOM_NAME_KEY]: room,
    room,
    maxTrackCount,
  });
}

export function leavedFromRoomNotification(room: string, streamId?: string): NotificationMessage {
  return notificationMessage(Notification.leavedFromRoom, streamId, { [ROOM_NAME_KEY]: room, room });
}

/** `subtrackAdded` / `subtrackRemoved` to a room's player: `trackId` is the participant, `streamId` the room. */
export function subtrackChangeNotification(change: 'added' | 'removed', roomId: string, trackId: string): NotificationMessage {
  return notificationMessage(change === 'added' ? Notification.subtrackAdded : Notification.subtrackRemoved, roomId, { trackId });
}

export function countNotification(definition: typeof Notification.subtrackCount | typeof Notification.subscriberCount, streamId: string, count: number): NotificationMessage {
  return notificationMessage(definition, streamId, { count });
}

/** `subtrackList`: each participant as a Broadcast JSON string, as Ant Media sends them. */
export function subtrackListNotification(streamId: string, subtracks: BroadcastInfo[]): NotificationMessage {
  return notificationMessage(Notification.subtrackList, streamId, { subtrackList: subtracks.map((b) => JSON.stringify(b)) });
}

/** `broadcastObject`: the stream as a Broadcast JSON string. */
export function broadcastObjectNotification(broadcast: BroadcastInfo): NotificationMessage {
  return notificationMessage(Notification.broadcastObject, broadcast.streamId, { broadcast: JSON.stringify(broadcast) });
}

export function videoTrackAssignmentListNotification(roomId: string, payload: VideoTrackAssignment[]): NotificationMessage {
  return notificationMessage(Notification.videoTrackAssignmentList, roomId, { payload });
}

// --- Diagnostics (server side) ----------------------------------------------

/** `subscriberList`: each subscriber as a JSON string, as Ant Media sends them. */
export function subscriberListNotification(streamId: string, subscribers: SubscriberInfo[]): NotificationMessage {
  return notificationMessage(Notification.subscriberList, streamId, { subscriberList: subscribers.map((s) => JSON.stringify(s)) });
}

/** `debugInfo`: Ant Media's key holds a string, so the figures travel as JSON text. */
export function debugInfoNotification(info: ServerDebugInfo): NotificationMessage {
  return notificationMessage(Notification.debugInfo, info.streamId, { debugInfo: JSON.stringify(info) });
}
