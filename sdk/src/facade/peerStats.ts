/**
 * Ant Media's `PeerStats` (antmedia-protocol.md §3.3) from one RTCStatsReport
 * and our StreamStats: the field names its applications read, with correct
 * totals (no −1 start) and averages since the stream started.
 */
import type { StreamStats } from '../stats/StatsSampler.js';

export interface PeerStats {
  streamId: string;
  currentTimestamp: number;
  startTime: number;
  totalBytesReceivedCount: number;
  totalBytesSentCount: number;
  videoPacketsSent: number;
  audioPacketsSent: number;
  totalVideoPacketsSent: number;
  totalAudioPacketsSent: number;
  videoPacketsReceived: number;
  audioPacketsReceived: number;
  videoPacketsLost: number;
  audioPacketsLost: number;
  fractionLost: number;
  totalFramesEncodedCount: number;
  framesReceived: number;
  framesDecoded: number;
  framesDropped: number;
  frameWidth: number;
  frameHeight: number;
  resWidth: number;
  resHeight: number;
  srcFps: number;
  qualityLimitationReason: string;
  videoRoundTripTime: number;
  audioRoundTripTime: number;
  videoJitter: number;
  audioJitter: number;
  /** Seconds, from the selected candidate pair. */
  currentRoundTripTime: number;
  /** kbit/s; Infinity when unknown, as in Ant Media. */
  availableOutgoingBitrate: number;
  /** kbit/s. */
  currentOutgoingBitrate: number;
  currentIncomingBitrate: number;
  averageOutgoingBitrate: number;
  averageIncomingBitrate: number;
  currentFPS: string;
  /** 0…1: the microphone's (publishing) or the received audio's level; -1 when the browser tells none, as in Ant Media. */
  audioLevel: number;
  /** Seconds a received frame waits in the jitter buffer, on average; -1 when unknown. */
  audioJitterAverageDelay: number;
  videoJitterAverageDelay: number;
  /** One entry per received track (Ant Media's multitrack pages read it per participant). */
  inboundRtpList: InboundRtpSummary[];
}

/** Ant Media's per-track summary of an `inbound-rtp` entry. */
export interface InboundRtpSummary {
  trackIdentifier?: string;
  currentTime: number;
  bytesReceived?: number;
  jitterBufferDelay?: number;
  lastPacketReceivedTimestamp?: number;
  fractionLost?: number;
  audioPacketsLost?: number;
  videoPacketsLost?: number;
  frameWidth?: number;
  frameHeight?: number;
  framesReceived?: number;
  framesDecoded?: number;
  framesDropped?: number;
  framesPerSecond?: number;
}

const INBOUND_FIELDS = ['trackIdentifier', 'bytesReceived', 'jitterBufferDelay', 'lastPacketReceivedTimestamp', 'fractionLost', 'frameWidth',
  'frameHeight', 'framesReceived', 'framesDecoded', 'framesDropped', 'framesPerSecond'] as const;

type Entry = Record<string, number | string | boolean | undefined> & { type: string };

/** [stats type, field, video target, audio target, true to keep the largest instead of summing (simulcast layers)] */
const NUMBER_FIELDS: Array<[string, string, keyof PeerStats, keyof PeerStats, boolean]> = [
  ['outbound-rtp', 'packetsSent', 'videoPacketsSent', 'audioPacketsSent', false],
  ['inbound-rtp', 'packetsReceived', 'videoPacketsReceived', 'audioPacketsReceived', false],
  ['inbound-rtp', 'packetsLost', 'videoPacketsLost', 'audioPacketsLost', false],
  ['remote-inbound-rtp', 'packetsLost', 'videoPacketsLost', 'audioPacketsLost', false],
  ['remote-inbound-rtp', 'roundTripTime', 'videoRoundTripTime', 'audioRoundTripTime', true],
  ['remote-inbound-rtp', 'jitter', 'videoJitter', 'audioJitter', true],
  ['inbound-rtp', 'jitter', 'videoJitter', 'audioJitter', true],
];

export function peerStats(streamId: string, startTime: number, report: RTCStatsReport, stats: StreamStats): PeerStats {
  const elapsed = stats.timestamp - startTime;
  const result = {
    streamId,
    currentTimestamp: stats.timestamp,
    startTime,
    totalBytesReceivedCount: stats.bytesIn,
    totalBytesSentCount: stats.bytesOut,
    fractionLost: stats.packetLoss / 100,
    frameWidth: stats.width ?? 0,
    frameHeight: stats.height ?? 0,
    qualityLimitationReason: stats.qualityLimitationReason ?? 'none',
    currentRoundTripTime: (stats.rttMs ?? 0) / 1000,
    availableOutgoingBitrate: stats.availableOutgoingBitrate ?? Infinity,
    currentOutgoingBitrate: stats.bitrateOut,
    currentIncomingBitrate: stats.bitrateIn,
    averageOutgoingBitrate: elapsed > 0 ? Math.round((stats.bytesOut * 8) / elapsed) : 0,
    averageIncomingBitrate: elapsed > 0 ? Math.round((stats.bytesIn * 8) / elapsed) : 0,
    currentFPS: (stats.fps ?? 0).toFixed(1),
    audioLevel: -1,
    audioJitterAverageDelay: -1,
    videoJitterAverageDelay: -1,
    inboundRtpList: [],
  } as unknown as PeerStats;
  const numbers = result as unknown as Record<string, number>;
  for (const key of ['videoPacketsSent', 'audioPacketsSent', 'videoPacketsReceived', 'audioPacketsReceived', 'videoPacketsLost',
    'audioPacketsLost', 'videoRoundTripTime', 'audioRoundTripTime', 'videoJitter', 'audioJitter', 'totalFramesEncodedCount',
    'framesReceived', 'framesDecoded', 'framesDropped', 'resWidth', 'resHeight', 'srcFps']) numbers[key] = 0;
  report.forEach((entry: Entry) => {
    const video = (entry.kind ?? entry.mediaType) === 'video';
    for (const [type, field, videoKey, audioKey, largest] of NUMBER_FIELDS) {
      const value = entry[field];
      const key = video ? videoKey : audioKey;
      if (entry.type === type && typeof value === 'number') numbers[key] = largest ? Math.max(numbers[key]!, value) : numbers[key]! + value;
    }
    const add = (key: keyof PeerStats, field: string) => typeof entry[field] === 'number' && (numbers[key] = numbers[key]! + (entry[field] as number));
    if (entry.type === 'outbound-rtp' && video) add('totalFramesEncodedCount', 'framesEncoded');
    if (entry.type === 'inbound-rtp' && video) {
      add('framesReceived', 'framesReceived');
      add('framesDecoded', 'framesDecoded');
      add('framesDropped', 'framesDropped');
    }
    if (entry.type === 'media-source' && video) {
      numbers.resWidth = Number(entry.width ?? 0);
      numbers.resHeight = Number(entry.height ?? 0);
      numbers.srcFps = Number(entry.framesPerSecond ?? 0);
    }
    if ((entry.type === 'media-source' || entry.type === 'inbound-rtp') && !video && typeof entry.audioLevel === 'number') result.audioLevel = entry.audioLevel;
    if (entry.type === 'inbound-rtp') {
      const delay = jitterBufferAverage(entry);
      if (delay !== undefined) result[video ? 'videoJitterAverageDelay' : 'audioJitterAverageDelay'] = delay;
      result.inboundRtpList.push(inboundRtpSummary(entry, video));
    }
  });
  result.totalVideoPacketsSent = result.videoPacketsSent;
  result.totalAudioPacketsSent = result.audioPacketsSent;
  return result;
}

function jitterBufferAverage(entry: Entry): number | undefined {
  const { jitterBufferDelay: delay, jitterBufferEmittedCount: count } = entry;
  return typeof delay === 'number' && typeof count === 'number' && count > 0 ? delay / count : undefined;
}

function inboundRtpSummary(entry: Entry, video: boolean): InboundRtpSummary {
  const summary: Record<string, unknown> = { currentTime: entry.timestamp };
  for (const field of INBOUND_FIELDS) if (entry[field] !== undefined) summary[field] = entry[field];
  if (typeof entry.packetsLost === 'number') summary[video ? 'videoPacketsLost' : 'audioPacketsLost'] = entry.packetsLost;
  return summary as unknown as InboundRtpSummary;
}
