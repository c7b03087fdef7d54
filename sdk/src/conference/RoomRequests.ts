/**
 * Room, multitrack and stream queries (antmedia-protocol.md §4.2, §4.4.4-§4.4.6), each a
 * promise that settles on the server's answer or its error. Used by
 * Conference, by RelayClient.rooms, and by the WebRTCAdaptor facade's
 * Ant Media-named methods.
 */
import type { WaitOptions } from '../core/deferred.js';
import { RelayError } from '../core/errors.js';
import {
  clientCommand,
  ErrorDefinition,
  Notification,
  type BroadcastInfo,
  type ClientMessage,
  type RoomStreamEntry,
  type ServerMessage,
  type SubscriberInfo,
  type VideoTrackAssignment,
} from '../protocol/index.js';
import { ask, definedOnly, toggleMedia, type Requester } from '../session/requests.js';
import { decodeMetaData, parseBroadcast } from './participantState.js';

type Notice = ServerMessage & { command: 'notification' };

export interface JoinRoomOptions {
  /** Our participant stream id; the server makes one up when absent. */
  streamId?: string;
  /** Ant Media's modes: `legacy` (default), `mcu`, `amcu`, `multitrack`. */
  mode?: string;
  streamName?: string;
  role?: string;
  metadata?: unknown;
}

/** What `joinedTheRoom` tells: our stream id, the others and the room's video cap. */
export interface JoinedRoom {
  streamId: string;
  streams: RoomStreamEntry[];
  maxTrackCount: number;
}

export class RoomRequests {
  constructor(private readonly requester: Requester) {}

  /** `joinRoom` → `joinedTheRoom` (Ant Media's legacy and multitrack room entry). */
  async joinRoom(room: string, options: JoinRoomOptions = {}, wait?: WaitOptions): Promise<JoinedRoom> {
    const command = clientCommand('joinRoom', { room, mainTrack: room, ...definedOnly(options) });
    const answer = await this.ask(command, room, (m) => isNotice(m, Notification.joinedTheRoom) && m.room === room, wait);
    return {
      streamId: String(answer.streamId ?? ''),
      streams: asArray<RoomStreamEntry>(answer.streamList),
      maxTrackCount: typeof answer.maxTrackCount === 'number' ? answer.maxTrackCount : -1,
    };
  }

  /** `leaveFromRoom` → `leavedFromRoom`. */
  async leaveFromRoom(room: string, streamId?: string, wait?: WaitOptions): Promise<void> {
    const command = clientCommand('leaveFromRoom', { room, mainTrack: room, ...definedOnly({ streamId }) });
    await this.ask(command, room, (m) => isNotice(m, Notification.leavedFromRoom) && m.room === room, wait);
  }

  /** `getRoomInfo` → the participants (`ownStreamId` left out); none when the room is empty. */
  async getRoomInfo(room: string, ownStreamId?: string, wait?: WaitOptions): Promise<RoomStreamEntry[]> {
    try {
      const command = clientCommand('getRoomInfo', { room, ...definedOnly({ streamId: ownStreamId }) });
      const answer = await this.ask(command, room, (m) => m.command === 'roomInformation' && m.room === room, wait);
      return asArray<RoomStreamEntry>(answer.streamList);
    } catch (error) {
      if (error instanceof RelayError && error.definition === ErrorDefinition.noActiveStreamsInRoom) return [];
      throw error;
    }
  }

  /** `getSubtracks` → one page of the room's participants as Broadcast objects. */
  async getSubtracks(roomId: string, options: { role?: string; offset?: number; size?: number } = {}, wait?: WaitOptions): Promise<BroadcastInfo[]> {
    const answer = await this.notice(clientCommand('getSubtracks', { streamId: roomId, ...definedOnly(options) }), Notification.subtrackList, wait);
    return asArray<string>(answer.subtrackList).map(parseBroadcast).filter((b): b is BroadcastInfo => b !== undefined);
  }

  /** `getSubtracksCount` → how many participants the room has. */
  async getSubtrackCount(roomId: string, options: { role?: string; status?: string } = {}, wait?: WaitOptions): Promise<number> {
    const answer = await this.notice(clientCommand('getSubtracksCount', { streamId: roomId, ...definedOnly(options) }), Notification.subtrackCount, wait);
    return Number(answer.count ?? 0);
  }

  /** `getSubscriberCount` → how many players the stream (or room) has. */
  async getSubscriberCount(streamId: string, wait?: WaitOptions): Promise<number> {
    const answer = await this.notice(clientCommand('getSubscriberCount', { streamId }), Notification.subscriberCount, wait);
    return Number(answer.count ?? 0);
  }

  /** `getSubscribers` → one page of the stream's (or room's) subscribers: who plays it now, on RelayRTC's server. */
  async getSubscribers(streamId: string, options: { offset?: number; size?: number } = {}, wait?: WaitOptions): Promise<SubscriberInfo[]> {
    const answer = await this.notice(clientCommand('getSubscribers', { streamId, ...definedOnly(options) }), Notification.subscriberList, wait);
    return asArray<string>(answer.subscriberList).map(decodeMetaData).filter((s) => typeof s.subscriberId === 'string') as unknown as SubscriberInfo[];
  }

  /** `getDebugInfo` → the server's debug text (RelayRTC's is a JSON `ServerDebugInfo`: load, memory, the stream's counts). */
  async getDebugInfo(streamId: string, wait?: WaitOptions): Promise<string> {
    const answer = await this.notice(clientCommand('getDebugInfo', { streamId }), Notification.debugInfo, wait);
    return String(answer.debugInfo ?? '');
  }

  /** `getBroadcastObject` → the stream (a participant or a room) as a Broadcast object. */
  async getBroadcastObject(streamId: string, wait?: WaitOptions): Promise<BroadcastInfo> {
    const answer = await this.notice(clientCommand('getBroadcastObject', { streamId }), Notification.broadcastObject, wait);
    const broadcast = parseBroadcast(answer.broadcast);
    if (!broadcast) throw new RelayError('NO_STREAM_EXIST', `The server sent no broadcast for '${streamId}'`, { streamId });
    return broadcast;
  }

  /** `getVideoTrackAssignmentsCommand` → which participant each capped video slot of our room play shows. */
  async getVideoTrackAssignments(roomId: string, wait?: WaitOptions): Promise<VideoTrackAssignment[]> {
    const command = clientCommand('getVideoTrackAssignmentsCommand', { streamId: roomId });
    const answer = await this.notice(command, Notification.videoTrackAssignmentList, wait);
    return asArray<VideoTrackAssignment>(answer.payload);
  }

  /** `getTrackList` → the ids of the main track's subtracks (a room's participants); none for a plain stream. */
  async getTrackList(streamId: string, options: { token?: string } = {}, wait?: WaitOptions): Promise<string[]> {
    const command = clientCommand('getTrackList', { streamId, ...definedOnly(options) });
    const answer = await this.ask(command, streamId, (m) => m.command === 'trackList' && m.streamId === streamId, wait);
    return asArray<string>(answer.trackList);
  }

  // Commands the server does not answer (their effect shows in later offers, events or notifications;
  // a refusal comes back as an `error` naming the stream, which reaches its Player).

  /** Replaces a stream's metaData; the room's players are told with `broadcastObject`. */
  updateStreamMetaData(streamId: string, metaData: unknown): void {
    this.requester.send(clientCommand('updateStreamMetaData', { streamId, metaData }));
  }

  /** Caps the video tracks our play of `roomId` is sent (-1 = all); the server renegotiates. */
  setMaxVideoTrackCount(roomId: string, maxTrackCount: number): void {
    this.requester.send(clientCommand('setMaxVideoTrackCountCommand', { streamId: roomId, maxTrackCount }));
  }

  /** Pins participant `streamId` to a video slot (`videoTrackN`, or the server's choice), or releases it. */
  assignVideoTrack(streamId: string, videoTrackId: string | undefined, enabled: boolean): void {
    this.requester.send(clientCommand('assignVideoTrackCommand', { streamId, enabled, ...definedOnly({ videoTrackId }) }));
  }

  /** Stops (`enabled` false) or resumes sending our play of `streamId` the `kind` of `trackId` (the stream itself when absent, or a room participant). */
  toggleMedia(kind: 'audio' | 'video', streamId: string, trackId: string | undefined, enabled: boolean): void {
    toggleMedia(this.requester, kind, streamId, trackId, enabled);
  }

  /** Stops or resumes sending our play of room `roomId` both media of participant `trackId`. */
  enableTrack(roomId: string, trackId: string, enabled: boolean): void {
    this.requester.send(clientCommand('enableTrack', { streamId: roomId, trackId, enabled }));
  }

  /** Gives the video slots of our play of `roomId` to the participants from `offset` (in join order), `size` of them. */
  updateVideoTrackAssignments(roomId: string, offset: number, size: number): void {
    this.requester.send(clientCommand('updateVideoTrackAssignmentsCommand', { streamId: roomId, offset, size }));
  }

  private notice(command: ClientMessage & { streamId: string }, definition: string, wait?: WaitOptions): Promise<Notice> {
    const { streamId } = command;
    return this.ask(command, streamId, (m) => isNotice(m, definition) && m.streamId === streamId, wait);
  }

  private async ask(command: ClientMessage, about: string, isAnswer: (m: ServerMessage) => boolean, wait?: WaitOptions): Promise<Notice & Record<string, unknown>> {
    return (await ask(this.requester, command, isAnswer, wait, about)) as Notice & Record<string, unknown>;
  }
}

function isNotice(message: ServerMessage, definition: string): message is Notice {
  return message.command === 'notification' && message.definition === definition;
}

function asArray<T>(value: unknown): T[] {
  return Array.isArray(value) ? (value as T[]) : [];
}
