/**
 * Turns RTCStatsReports into the figures users ask for (antmedia-protocol.md
 * §7 item 6). Rates are deltas between two samples; the sampler starts from
 * the zero counters of a new peer connection at the moment it was created,
 * so even the first sample is an honest average, never −1 or a spike.
 */
import { STATS_MIN_RATE_INTERVAL_MS } from '../core/defaults.js';

export interface StreamStats {
  /** When the sample was taken (ms, the SDK's clock). */
  timestamp: number;
  /** kbit/s over the last interval: media and data channel. */
  bitrateIn: number;
  bitrateOut: number;
  /** Percent of packets lost over the last interval (received for players, sent for publishers). */
  packetLoss: number;
  /** Totals since the connection started. */
  packetsLost: number;
  bytesIn: number;
  bytesOut: number;
  /** Round-trip time of the selected candidate pair (or RTCP), ms; null until measured. */
  rttMs: number | null;
  /** Video jitter (audio when there is no video), ms. */
  jitterMs: number | null;
  /**
   * Frames per second and size of the video received; of the video sent when nothing is received
   * (the largest simulcast layer's size). In a call: what arrives from the other side.
   */
  fps: number | null;
  width: number | null;
  height: number | null;
  /** Why the encoder holds back: 'none', 'bandwidth', 'cpu' or 'other'; null when not sending video. */
  qualityLimitationReason: string | null;
  /** The congestion controller's estimate for sending, kbit/s; null when unknown. */
  availableOutgoingBitrate: number | null;
}

/** The fields we read, across the stats types that carry them. */
interface RawStats {
  type: string;
  kind?: string;
  mediaType?: string;
  bytesSent?: number;
  bytesReceived?: number;
  packetsSent?: number;
  packetsReceived?: number;
  packetsLost?: number;
  jitter?: number;
  roundTripTime?: number;
  currentRoundTripTime?: number;
  availableOutgoingBitrate?: number;
  framesPerSecond?: number;
  frameWidth?: number;
  frameHeight?: number;
  qualityLimitationReason?: string;
  state?: string;
  nominated?: boolean;
  selected?: boolean;
  selectedCandidatePairId?: string;
  isRemote?: boolean;
}

type VideoFigures = Pick<StreamStats, 'fps' | 'width' | 'height' | 'qualityLimitationReason'>;

interface Totals {
  at: number;
  bytesIn: number;
  bytesOut: number;
  packetsIn: number;
  packetsOut: number;
  lost: number;
}

const ZERO: Omit<Totals, 'at'> = { bytesIn: 0, bytesOut: 0, packetsIn: 0, packetsOut: 0, lost: 0 };

const kbps = (bytes: number, ms: number) => (ms > 0 ? Math.round((bytes * 8) / ms) : 0);
const max = (a: number | null, b: number | undefined) => (b === undefined ? a : a === null ? b : Math.max(a, b));

export class StatsSampler {
  /** Recent totals, oldest first; the first is the connection's zero start until it ages out. */
  private readonly history: Totals[];

  /** `startedAt`: when the peer connection was created, on the same clock as sample()'s `now`. */
  constructor(startedAt: number) {
    this.history = [{ at: startedAt, ...ZERO }];
  }

  sample(report: RTCStatsReport, now: number): StreamStats {
    const totals: Totals = { at: now, ...ZERO };
    const stats: StreamStats = {
      timestamp: now,
      bitrateIn: 0,
      bitrateOut: 0,
      packetLoss: 0,
      packetsLost: 0,
      bytesIn: 0,
      bytesOut: 0,
      rttMs: null,
      jitterMs: null,
      fps: null,
      width: null,
      height: null,
      qualityLimitationReason: null,
      availableOutgoingBitrate: null,
    };
    // A call both sends and receives: the figures of the video received, what this side sees, win.
    const received: VideoFigures = { fps: null, width: null, height: null, qualityLimitationReason: null };
    let audioJitter: number | undefined;
    let pair: RawStats | undefined;
    let selectedPairId: string | undefined;
    report.forEach((entry: RawStats) => {
      const video = (entry.kind ?? entry.mediaType) === 'video';
      switch (entry.type) {
        case 'outbound-rtp':
          if (entry.isRemote) return; // Firefox before 69 listed remote stats under this type
          totals.bytesOut += entry.bytesSent ?? 0;
          totals.packetsOut += entry.packetsSent ?? 0;
          if (video) this.video(stats, entry, entry.qualityLimitationReason);
          return;
        case 'inbound-rtp':
          if (entry.isRemote) return;
          totals.bytesIn += entry.bytesReceived ?? 0;
          totals.packetsIn += entry.packetsReceived ?? 0;
          totals.lost += Math.max(0, entry.packetsLost ?? 0);
          if (video) this.video(received, entry, undefined);
          if (video) stats.jitterMs = max(stats.jitterMs, secondsToMs(entry.jitter));
          else audioJitter = secondsToMs(entry.jitter);
          return;
        case 'remote-inbound-rtp':
          totals.lost += Math.max(0, entry.packetsLost ?? 0);
          stats.rttMs = max(stats.rttMs, secondsToMs(entry.roundTripTime));
          if (video) stats.jitterMs = max(stats.jitterMs, secondsToMs(entry.jitter));
          else audioJitter = secondsToMs(entry.jitter);
          return;
        case 'data-channel':
          totals.bytesOut += entry.bytesSent ?? 0;
          totals.bytesIn += entry.bytesReceived ?? 0;
          return;
        case 'transport':
          selectedPairId = entry.selectedCandidatePairId;
          return;
        case 'candidate-pair':
          if (entry.selected || (entry.nominated && entry.state === 'succeeded' && !pair)) pair = entry;
          return;
      }
    });
    if (selectedPairId) pair = (report.get(selectedPairId) as RawStats | undefined) ?? pair;
    if (pair) {
      if (pair.currentRoundTripTime !== undefined) stats.rttMs = secondsToMs(pair.currentRoundTripTime) ?? stats.rttMs;
      if (pair.availableOutgoingBitrate !== undefined) stats.availableOutgoingBitrate = Math.round(pair.availableOutgoingBitrate / 1000);
    }
    if (received.fps !== null || received.width !== null) ({ fps: stats.fps, width: stats.width, height: stats.height } = received);
    if (stats.jitterMs === null && audioJitter !== undefined) stats.jitterMs = audioJitter;
    this.rates(stats, totals);
    return stats;
  }

  private video(stats: VideoFigures, entry: RawStats, limitation: string | undefined): void {
    // Simulcast: one outbound-rtp per layer; report the largest layer's figures.
    if (entry.frameWidth !== undefined && entry.frameWidth >= (stats.width ?? 0)) {
      stats.width = entry.frameWidth;
      stats.height = entry.frameHeight ?? null;
      if (limitation !== undefined) stats.qualityLimitationReason = limitation;
    }
    stats.fps = max(stats.fps, entry.framesPerSecond);
    if (stats.qualityLimitationReason === null && limitation !== undefined) stats.qualityLimitationReason = limitation;
  }

  /**
   * Rates against the newest earlier sample at least STATS_MIN_RATE_INTERVAL_MS
   * old: two readers sampling a few ms apart must not turn timing noise into
   * a bitrate spike.
   */
  private rates(stats: StreamStats, totals: Totals): void {
    const history = this.history;
    let previous = history[0]!;
    for (const earlier of history) if (totals.at - earlier.at >= STATS_MIN_RATE_INTERVAL_MS) previous = earlier;
    const elapsed = totals.at - previous.at;
    stats.bitrateIn = kbps(Math.max(0, totals.bytesIn - previous.bytesIn), elapsed);
    stats.bitrateOut = kbps(Math.max(0, totals.bytesOut - previous.bytesOut), elapsed);
    const lost = Math.max(0, totals.lost - previous.lost);
    const carried = totals.packetsIn > 0 ? totals.packetsIn - previous.packetsIn + lost : totals.packetsOut - previous.packetsOut;
    stats.packetLoss = carried > 0 ? Math.round((10_000 * lost) / carried) / 100 : 0;
    stats.packetsLost = totals.lost;
    stats.bytesIn = totals.bytesIn;
    stats.bytesOut = totals.bytesOut;
    history.push(totals);
    if (history.length > 8) history.shift();
  }
}

function secondsToMs(seconds: number | undefined): number | undefined {
  return seconds === undefined ? undefined : Math.round(seconds * 10_000) / 10;
}
