/**
 * Monotonic totals of what the relay moved (packets, bytes, NACKs, keyframe
 * requests, layer switches) for Prometheus counters. The relay keeps counts
 * per source track and per down-track, which disappear with their stream or
 * viewer; this samples them and keeps the deltas, so totals survive them.
 * Sampled on every scrape, on a timer, and as each stream finishes (before
 * its relay is freed), so at most one sampling interval of a departing
 * viewer's traffic goes uncounted.
 */
import type { MediaKind, SourceTrack } from '../relay/sourceTrack.js';
import type { LiveStream } from '../streams/liveStream.js';
import { noneSent, type SentCounts, type ViewerReport } from '../streams/statistics.js';

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

const zeroKinds = (): Record<MediaKind, KindTotals> => ({ audio: { packets: 0, bytes: 0 }, video: { packets: 0, bytes: 0 } });

/** A stream's player, as far as totals go: its figures once connected (PlaySession). */
interface ReportingPlayer {
  report?(): ViewerReport | undefined;
}

/** Growth of a counter since `before`; a counter that went back (a reset) counts from zero. */
const growth = (now: number, before: number): number => (now >= before ? now - before : now);

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
  private readonly players = new WeakMap<object, Record<MediaKind, SentCounts>>();

  /** Adds whatever each stream's tracks counted since they were last sampled. */
  sample(streams: Iterable<LiveStream>): void {
    for (const stream of streams) {
      for (const source of stream.relay.sources) this.sampleSource(source);
      for (const player of stream.players) this.samplePlayer(player);
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

  private samplePlayer(player: object): void {
    const report = (player as ReportingPlayer).report?.();
    if (!report) return;
    const before = this.players.get(player);
    for (const kind of ['audio', 'video'] as const) {
      const now = report.sent[kind];
      const was = before?.[kind] ?? noneSent();
      const totals = this.totals.egress[kind];
      totals.packets += growth(now.packetsSent, was.packetsSent);
      totals.bytes += growth(now.bytesSent, was.bytesSent);
      this.totals.nacksReceived += growth(now.nacksReceived, was.nacksReceived);
      this.totals.packetsRetransmitted += growth(now.packetsRetransmitted, was.packetsRetransmitted);
      this.totals.plisReceived += growth(now.plisReceived, was.plisReceived);
      this.totals.firsReceived += growth(now.firsReceived, was.firsReceived);
      this.totals.layerSwitches += growth(now.layerSwitches, was.layerSwitches);
    }
    this.players.set(player, report.sent);
  }

}
