/**
 * In a viewer worker: a copy of each played stream's relay, whose sources
 * are fed the packets the main thread's ingest received, so this worker's
 * viewers are served exactly as the main thread would serve them.
 */
import type { Clock } from '../relay/clock.js';
import type { SenderInfo } from '../relay/rtcp.js';
import type { SourceCodec, SourceTrack } from '../relay/sourceTrack.js';
import { StreamRelay, type RelayTuning } from '../relay/streamRelay.js';
import type { KeyframeReplay, PacketBatch } from './messages.js';
import { unpackPackets } from './packetRun.js';

interface MirroredSource {
  source: SourceTrack;
  streamId: string;
  /** kind + rid: a new source with the same slot replaces this one. */
  slot: string;
}

export class StreamMirrors {
  private readonly relays = new Map<string, StreamRelay>();
  private readonly sources = new Map<number, MirroredSource>();

  constructor(
    private readonly clock: Clock,
    private readonly tuning: RelayTuning,
    /** A viewer here asked for a keyframe of this source: the main thread asks the publisher. */
    private readonly keyframeWanted: (sourceId: number) => void,
  ) {}

  relay(streamId: string): StreamRelay {
    let relay = this.relays.get(streamId);
    if (!relay) {
      relay = new StreamRelay(streamId, this.clock, this.tuning);
      this.relays.set(streamId, relay);
    }
    return relay;
  }

  addSource(streamId: string, sourceId: number, rid: string, codec: SourceCodec, keyframe?: KeyframeReplay): void {
    const slot = `${codec.kind}/${rid}`;
    for (const [id, mirrored] of this.sources) if (mirrored.streamId === streamId && mirrored.slot === slot) this.sources.delete(id);
    const source = this.relay(streamId).addSource(codec, () => this.keyframeWanted(sourceId), rid);
    if (keyframe) source.replayKeyframe(unpackPackets(keyframe), keyframe.ageMs);
    this.sources.set(sourceId, { source, streamId, slot });
  }

  push(batch: PacketBatch): void {
    unpackPackets(batch).forEach((packet, i) => this.sources.get(batch.sources[i]!)?.source.pushRtp(packet));
  }

  senderReport(sourceId: number, info: SenderInfo): void {
    this.sources.get(sourceId)?.source.handleSenderReport(info);
  }

  remove(streamId: string): void {
    this.relays.get(streamId)?.close();
    this.relays.delete(streamId);
    for (const [id, mirrored] of this.sources) if (mirrored.streamId === streamId) this.sources.delete(id);
  }

  close(): void {
    for (const streamId of [...this.relays.keys()]) this.remove(streamId);
  }
}
