/**
 * One published stream: its relay, what media its publisher sends, whether
 * media has started, and who to tell when it ends.
 */
import type { RelayServerConfig } from '../config.js';
import type { Clock } from '../relay/clock.js';
import type { MediaKind } from '../relay/sourceTrack.js';
import { DataChannelHub } from '../relay/dataChannelHub.js';
import { StreamRelay } from '../relay/streamRelay.js';
import type { VideoCodecChoice } from './weriftPeerConfig.js';

export type StreamState = 'preparing' | 'broadcasting' | 'finished';

/** What the publisher said about its stream (Ant Media's Broadcast fields). */
export interface StreamDetails {
  name: string;
  /** Free-form, as published or last set by updateStreamMetaData (often a JSON string). */
  metaData: unknown;
  role: string;
  /** The room (main track) this stream is a participant of, if any. */
  roomId: string | undefined;
}

export class LiveStream {
  state: StreamState = 'preparing';
  /** Kinds the publisher's offer sends, in its m-line order. */
  kinds: MediaKind[] = [];
  /** The video codec the publisher negotiated (viewers get the same, no transcoding). */
  videoCodec: VideoCodecChoice | undefined;
  readonly relay: StreamRelay;
  readonly data: DataChannelHub;
  readonly createdAt = Date.now();
  /** Epoch ms when media started (0 before). */
  startedAt = 0;
  details: StreamDetails = { name: '', metaData: '', role: '', roomId: undefined };
  /** Whoever plays it (one entry per play session), for viewer limits and counts. */
  readonly players = new Set<object>();
  private readonly finishListeners = new Set<() => void>();

  constructor(
    readonly streamId: string,
    /** The signaling session that publishes it. */
    readonly ownerId: string,
    clock: Clock,
    config: RelayServerConfig,
  ) {
    this.relay = new StreamRelay(streamId, clock, config.relay);
    this.data = new DataChannelHub(config.dataChannel.playerDistribution);
  }

  get isLive(): boolean {
    return this.state === 'broadcasting';
  }

  onFinish(listener: () => void): () => void {
    this.finishListeners.add(listener);
    return () => this.finishListeners.delete(listener);
  }

  /** Ends the stream: viewers are told through their finish listeners, then the relay is freed. */
  finish(): void {
    if (this.state === 'finished') return;
    this.state = 'finished';
    for (const listener of [...this.finishListeners]) listener();
    this.finishListeners.clear();
    this.relay.close();
  }
}
