/**
 * Ant Media's room and multitrack methods (antmedia-protocol.md §5 "Rooms and
 * multitrack", "Queries"), delegating to RoomRequests. Like the official SDK
 * they return nothing: the server's answers (`joinedTheRoom`,
 * `roomInformation`, `subtrackList`, `trackList`, `broadcastObject`, …) and errors reach the
 * page through `callback` / `callbackError`, forwarded by WebRTCAdaptor as
 * they arrive; only local failures (no socket) are reported here.
 */
import type { RelayClient } from '../RelayClient.js';
import type { RoomRequests } from '../conference/RoomRequests.js';
import { RelayError } from '../core/errors.js';
import { AdaptorBase } from './AdaptorBase.js';
import { reportError } from './sessionEvents.js';

export abstract class RoomAdaptor extends AdaptorBase {
  client: RelayClient | null = null;
  /** The stream this adaptor publishes (sent as `userPublishId` when playing a room). */
  publishStreamId: string | null = null;
  roomName: string | null = null;

  /** Legacy and multitrack room entry; answered `joinedTheRoom` with our stream id and the others. */
  joinRoom(roomName: string, streamId?: string, mode?: string, streamName?: string, role?: string, metadata?: unknown): void {
    this.roomName = roomName;
    this.withRooms((rooms) => rooms.joinRoom(roomName, { streamId, mode, streamName, role, metadata }));
  }

  /** Closes every stream of this adaptor (as Ant Media does) and leaves the room: `leavedFromRoom`. */
  leaveFromRoom(roomName: string, streamId?: string): void {
    this.stopAllStreams();
    this.withRooms((rooms) => rooms.leaveFromRoom(roomName, streamId));
  }

  /** `roomInformation`, or the error `no_active_streams_in_room`. */
  getRoomInfo(roomName: string, streamId?: string): void {
    this.withRooms((rooms) => rooms.getRoomInfo(roomName, streamId));
  }

  /** `subtrackList`. */
  getSubtracks(streamId: string, role?: string, offset?: number, size?: number): void {
    this.withRooms((rooms) => rooms.getSubtracks(streamId, { role, offset, size }));
  }

  /** `subtrackCount`. */
  getSubtrackCount(streamId: string, role?: string, status?: string): void {
    this.withRooms((rooms) => rooms.getSubtrackCount(streamId, { role, status }));
  }

  /** `subscriberCount`. */
  getSubscriberCount(streamId: string): void {
    this.withRooms((rooms) => rooms.getSubscriberCount(streamId));
  }

  /** `subscriberList`: Subscriber JSON strings, one page (from RelayRTC's server: who plays the stream now). */
  getSubscriberList(streamId: string, offset?: number, size?: number): void {
    this.withRooms((rooms) => rooms.getSubscribers(streamId, { offset, size }));
  }

  /** `debugInfo`: a string (from RelayRTC's server, JSON: its load and memory, the stream's publisher and player counts). */
  getDebugInfo(streamId: string): void {
    this.withRooms((rooms) => rooms.getDebugInfo(streamId));
  }

  /** `broadcastObject`. */
  getBroadcastObject(streamId: string): void {
    this.withRooms((rooms) => rooms.getBroadcastObject(streamId));
  }

  /** `videoTrackAssignmentList`. */
  requestVideoTrackAssignments(streamId: string): void {
    this.withRooms((rooms) => rooms.getVideoTrackAssignments(streamId));
  }

  updateStreamMetaData(streamId: string, metaData: unknown): void {
    this.withRooms((rooms) => rooms.updateStreamMetaData(streamId, metaData));
  }

  setMaxVideoTrackCount(streamId: string, maxTrackCount: number): void {
    this.withRooms((rooms) => rooms.setMaxVideoTrackCount(streamId, maxTrackCount));
  }

  /** Pins stream `streamId` to the video slot `videoTrackId` of our room play (`enabled: false` releases it). */
  assignVideoTrack(videoTrackId: string, streamId: string, enabled: boolean): void {
    this.withRooms((rooms) => rooms.assignVideoTrack(streamId, videoTrackId || undefined, enabled));
  }

  /** Pages our room play's video slots: the participants from `offset`, `size` of them. */
  updateVideoTrackAssignments(streamId: string, offset: number, size: number): void {
    this.withRooms((rooms) => rooms.updateVideoTrackAssignments(streamId, offset, size));
  }

  /**
   * `trackList`. Ant Media also marks `streamId` as played here (its `playStreamId`, which keeps
   * local tracks off that connection); our sessions know their role, so nothing is recorded.
   */
  getTracks(streamId: string, token?: string): void {
    this.withRooms((rooms) => rooms.getTrackList(streamId, { token }));
  }

  /** Stops (false) or resumes the server sending our play of room `mainTrackId` participant `trackId`. */
  enableTrack(mainTrackId: string, trackId: string, enabled: boolean): void {
    this.withRooms((rooms) => rooms.enableTrack(mainTrackId, trackId, enabled));
  }

  /** The same for video only; `trackId` is the stream itself (or absent) for a plain play, a participant in a room. */
  toggleVideo(streamId: string, trackId: string | null | undefined, enabled: boolean): void {
    this.withRooms((rooms) => rooms.toggleMedia('video', streamId, trackId || undefined, enabled));
  }

  /** The same for audio only. */
  toggleAudio(streamId: string, trackId: string | null | undefined, enabled: boolean): void {
    this.withRooms((rooms) => rooms.toggleMedia('audio', streamId, trackId || undefined, enabled));
  }

  /** Stops every publish, play and call of this adaptor. */
  protected abstract stopAllStreams(): void;

  private withRooms(request: (rooms: RoomRequests) => unknown): void {
    const client = this.client;
    if (!client || !client.connected) return reportError(this, new RelayError('NOT_CONNECTED', 'Call initialize() first'));
    try {
      Promise.resolve(request(client.rooms)).catch((error: unknown) => reportError(this, error));
    } catch (error) {
      reportError(this, error);
    }
  }
}
