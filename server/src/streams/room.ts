/**
 * Conference rooms (antmedia-protocol.md §4.4.5): a room is a main track and
 * its participants are the live streams published with `mainTrack` = the
 * room. A stream joins its room when its media starts and leaves when it
 * ends; the room's players hear of both and renegotiate.
 */
import type { LiveStream } from './liveStream.js';
import type { StreamRegistry } from './streamRegistry.js';

export interface RoomListener {
  joined?(stream: LiveStream): void;
  left?(stream: LiveStream): void;
  /** A participant's metaData changed (updateStreamMetaData). */
  updated?(stream: LiveStream): void;
}

export class Room {
  readonly createdAt = Date.now();
  /** Participants in join order. */
  private readonly members = new Map<string, LiveStream>();
  /** Who plays the room (one entry per room play), for counts. */
  readonly players = new Set<object>();
  private readonly listeners = new Set<RoomListener>();

  constructor(readonly roomId: string) {}

  get participants(): LiveStream[] {
    return [...this.members.values()];
  }

  participant(streamId: string): LiveStream | undefined {
    return this.members.get(streamId);
  }

  get isEmpty(): boolean {
    return this.members.size === 0 && this.players.size === 0;
  }

  /** Listens to joins, leaves and updates; returns the unsubscribe function. */
  listen(listener: RoomListener): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  add(stream: LiveStream): void {
    if (this.members.get(stream.streamId) === stream) return;
    this.members.set(stream.streamId, stream);
    for (const listener of [...this.listeners]) listener.joined?.(stream);
  }

  remove(stream: LiveStream): void {
    if (this.members.get(stream.streamId) !== stream) return;
    this.members.delete(stream.streamId);
    for (const listener of [...this.listeners]) listener.left?.(stream);
  }

  updated(stream: LiveStream): void {
    if (this.members.get(stream.streamId) !== stream) return;
    for (const listener of [...this.listeners]) listener.updated?.(stream);
  }
}

/** Every room on this server, created by its first participant and forgotten when nobody is in or playing it. */
export class RoomRegistry {
  private readonly rooms = new Map<string, Room>();

  constructor(registry: StreamRegistry) {
    registry.onStreamStarted((stream) => {
      const roomId = stream.details.roomId;
      if (roomId === undefined) return;
      const room = this.open(roomId);
      room.add(stream);
      stream.onFinish(() => {
        room.remove(stream);
        this.release(room);
      });
    });
  }

  get(roomId: string): Room | undefined {
    return this.rooms.get(roomId);
  }

  /** The room, created when absent. */
  open(roomId: string): Room {
    let room = this.rooms.get(roomId);
    if (!room) {
      room = new Room(roomId);
      this.rooms.set(roomId, room);
    }
    return room;
  }

  /** Forgets the room once nobody is in or playing it. */
  release(room: Room): void {
    if (room.isEmpty && this.rooms.get(room.roomId) === room) this.rooms.delete(room.roomId);
  }

  get size(): number {
    return this.rooms.size;
  }

  all(): Room[] {
    return [...this.rooms.values()];
  }
}
