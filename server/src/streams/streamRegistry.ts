/** Every stream on this server, by id (single-node, in memory). */
import type { RelayServerConfig } from '../config.js';
import type { Clock } from '../relay/clock.js';
import { LiveStream } from './liveStream.js';
import { RoomRegistry } from './room.js';

export class StreamRegistry {
  private readonly streams = new Map<string, LiveStream>();
  private readonly startListeners = new Set<(stream: LiveStream) => void>();
  /** Conference rooms: the live streams published with a mainTrack, grouped. */
  readonly rooms: RoomRegistry;

  constructor(
    private readonly clock: Clock,
    private readonly config: RelayServerConfig,
  ) {
    this.rooms = new RoomRegistry(this);
  }

  get(streamId: string): LiveStream | undefined {
    return this.streams.get(streamId);
  }

  /** A live stream (media flowing), or undefined. */
  live(streamId: string): LiveStream | undefined {
    const stream = this.streams.get(streamId);
    return stream?.isLive ? stream : undefined;
  }

  /** Registers a new stream; the caller checked that the id is free. */
  create(streamId: string, ownerId: string): LiveStream {
    const stream = new LiveStream(streamId, ownerId, this.clock, this.config);
    this.streams.set(streamId, stream);
    return stream;
  }

  markLive(stream: LiveStream): void {
    if (stream.state !== 'preparing') return;
    stream.state = 'broadcasting';
    stream.startedAt = Date.now();
    for (const listener of this.startListeners) listener(stream);
  }

  /** Finishes the stream and forgets it. */
  remove(stream: LiveStream): void {
    if (this.streams.get(stream.streamId) === stream) this.streams.delete(stream.streamId);
    stream.finish();
  }

  onStreamStarted(listener: (stream: LiveStream) => void): () => void {
    this.startListeners.add(listener);
    return () => this.startListeners.delete(listener);
  }

  get size(): number {
    return this.streams.size;
  }

  all(): LiveStream[] {
    return [...this.streams.values()];
  }
}
