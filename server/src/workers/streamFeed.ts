/**
 * On the main thread: one stream's published packets to one viewer worker,
 * each packet once whatever the number of viewers there, batched per
 * event-loop turn into one transferred buffer. Each source starts with its
 * latest keyframe (when recent), so the worker's first viewer of the stream
 * starts at once; sources added later (more simulcast layers, a re-publish)
 * are mirrored as they come.
 */
import type { SenderInfo } from '../relay/rtcp.js';
import type { IncomingPacket, PacketSink, SourceTrack } from '../relay/sourceTrack.js';
import type { LiveStream } from '../streams/liveStream.js';
import type { KeyframeReplay, ToWorker } from './messages.js';
import { packPackets } from './packetRun.js';

/** What a feed needs of its worker. */
export interface FeedTarget {
  post(message: ToWorker, transfer?: ArrayBuffer[]): void;
  /** A worker-wide id for `source`, by which the worker names it back (keyframe requests). */
  registerSource(source: SourceTrack): number;
  forgetSource(sourceId: number): void;
}

export class StreamFeed implements PacketSink {
  private readonly sourceIds = new Map<SourceTrack, number>();
  private readonly unwatch: () => void;
  private queuedSources: number[] = [];
  private queuedPackets: Buffer[] = [];
  private flushScheduled = false;
  private closed = false;

  constructor(
    private readonly stream: LiveStream,
    private readonly target: FeedTarget,
    /** How old a keyframe a new viewer still starts from (relay.keyframeReplayMs). */
    private readonly keyframeReplayMs: number,
  ) {
    this.unwatch = stream.relay.watchSources((source, rid) => this.mirror(source, rid));
  }

  write({ source, packet }: IncomingPacket): void {
    const sourceId = this.sourceIds.get(source);
    if (sourceId === undefined || this.closed) return;
    this.queuedSources.push(sourceId);
    this.queuedPackets.push(packet);
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => this.flush());
  }

  senderReport(source: SourceTrack, info: SenderInfo): void {
    const sourceId = this.sourceIds.get(source);
    if (sourceId === undefined || this.closed) return;
    // After the packets it describes, as the publisher sent them.
    this.flush();
    this.target.post({ type: 'senderReport', sourceId, info });
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.unwatch();
    for (const [source, sourceId] of this.sourceIds) {
      source.detach(this);
      this.target.forgetSource(sourceId);
    }
    this.sourceIds.clear();
    this.queuedSources = [];
    this.queuedPackets = [];
    this.target.post({ type: 'streamGone', streamId: this.stream.streamId });
  }

  private mirror(source: SourceTrack, rid: string): void {
    const sourceId = this.target.registerSource(source);
    this.sourceIds.set(source, sourceId);
    const keyframe = this.recentKeyframe(source);
    this.target.post({ type: 'source', streamId: this.stream.streamId, sourceId, rid, codec: source.codec, keyframe }, keyframe ? [keyframe.bytes] : []);
    source.attach(this);
  }

  /** The source's latest keyframe when a viewer may still start from it, for the mirror to cache. */
  private recentKeyframe(source: SourceTrack): KeyframeReplay | undefined {
    const packets = source.recentKeyframe(this.keyframeReplayMs);
    const ageMs = source.keyframeAgeMs;
    if (!packets || ageMs === undefined) return undefined;
    return { ageMs, ...packPackets(packets.map((incoming) => incoming.packet)) };
  }

  private flush(): void {
    this.flushScheduled = false;
    if (this.queuedPackets.length === 0 || this.closed) return;
    const run = packPackets(this.queuedPackets);
    this.target.post({ type: 'packets', sources: this.queuedSources, ...run }, [run.bytes]);
    this.queuedSources = [];
    this.queuedPackets = [];
  }
}
