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
}

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
  } as PeerStats;
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
  });
  result.totalVideoPacketsSent = result.videoPacketsSent;
  result.totalAudioPacketsSent = result.audioPacketsSent;
  return result;
}
