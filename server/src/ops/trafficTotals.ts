/**
 * Monotonic totals of what the relay moved (packets, bytes, NACKs, keyframe
 * requests, layer switches) for Prometheus counters. The relay keeps counts
 * per source track and per down-track, which disappear with their stream or
 * viewer; this samples them and keeps the deltas, so totals survive them.
 * Sampled on every scrape, on a timer, and as each stream finishes (before
 * its relay is freed), so at most one sampling interval of a departing
 * viewer's traffic goes uncounted.
 */
import type { DownTrack, DownTrackStats } from '../relay/downTrack.js';
import type { MediaKind, SourceTrack } from '../relay/sourceTrack.js';
import type { LiveStream } from '../streams/liveStream.js';
import type { ViewerLeg } from '../relay/viewerLeg.js';

export interface KindTotals {
  packets: number;
  bytes: number;
}

export interface TrafficTotalsSnapshot {
  ingest: Record<MediaKind, KindTotals>;
  egress: Record<MediaKind, KindTotals>;
  keyframesReceived: number;
  nacksReceived: number;
  packetsRetransmitted: number;
  plisReceived: number;
  firsReceived: number;
  layerSwitches: number;
}

type DownTrackCounts = Pick<DownTrackStats, 'packetsSent' | 'bytesSent' | 'nacksReceived' | 'packetsRetransmitted' | 'plisReceived' | 'firsReceived' | 'layerSwitches'>;

const zeroKinds = (): Record<MediaKind, KindTotals> => ({ audio: { packets: 0, bytes: 0 }, video: { packets: 0, bytes: 0 } });

/** The viewer legs of a stream's players (PlaySession exposes its leg once connected). */
export function legsOf(stream: LiveStream): ViewerLeg[] {
  return [...stream.players].flatMap((player) => {
    const leg = (player as { relayLeg?: ViewerLeg }).relayLeg;
    return leg ? [leg] : [];
  });
}

export class TrafficTotals {
  readonly totals: TrafficTotalsSnapshot = {
    ingest: zeroKinds(),
    egress: zeroKinds(),
    keyframesReceived: 0,
    nacksReceived: 0,
    packetsRetransmitted: 0,
    plisReceived: 0,
    firsReceived: 0,
    layerSwitches: 0,
  };
  private readonly sources = new WeakMap<SourceTrack, { packets: number; bytes: number; keyframes: number }>();
  private readonly downTracks = new WeakMap<DownTrack, DownTrackCounts>();

  /** Adds whatever each stream's tracks counted since they were last sampled. */
  sample(streams: Iterable<LiveStream>): void {
    for (const stream of streams) {
      for (const source of stream.relay.sources) this.sampleSource(source);
      for (const leg of legsOf(stream)) for (const track of leg.downTracks) this.sampleDownTrack(track);
    }
  }

  private sampleSource(source: SourceTrack): void {
    const before = this.sources.get(source) ?? { packets: 0, bytes: 0, keyframes: 0 };
    const kind = this.totals.ingest[source.kind];
    kind.packets += source.packetsReceived - before.packets;
    kind.bytes += source.bytesReceived - before.bytes;
    this.totals.keyframesReceived += source.keyframesReceived - before.keyframes;
    this.sources.set(source, { packets: source.packetsReceived, bytes: source.bytesReceived, keyframes: source.keyframesReceived });
  }

  private sampleDownTrack(track: DownTrack): void {
    const now = track.stats;
    const before = this.downTracks.get(track) ?? { packetsSent: 0, bytesSent: 0, nacksReceived: 0, packetsRetransmitted: 0, plisReceived: 0, firsReceived: 0, layerSwitches: 0 };
    const kind = this.totals.egress[track.source.kind];
    kind.packets += now.packetsSent - before.packetsSent;
    kind.bytes += now.bytesSent - before.bytesSent;
    this.totals.nacksReceived += now.nacksReceived - before.nacksReceived;
    this.totals.packetsRetransmitted += now.packetsRetransmitted - before.packetsRetransmitted;
    this.totals.plisReceived += now.plisReceived - before.plisReceived;
    this.totals.firsReceived += now.firsReceived - before.firsReceived;
    this.totals.layerSwitches += now.layerSwitches - before.layerSwitches;
    this.downTracks.set(track, { ...now });
  }
}
