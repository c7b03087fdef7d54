/**
 * The JSON the REST API returns, after Ant Media's objects (antmedia-protocol.md
 * §6.3): Broadcast, WebRTCClientStats, BroadcastStatistics, with the fields
 * RelayRTC has, plus `layers`, `codecs` and loss that the dashboard shows.
 */
import type { SourceTrack } from '../../relay/sourceTrack.js';
import type { PlaySession } from '../../signaling/playSession.js';
import type { SessionInfo } from '../../signaling/signalingSession.js';
import type { LiveStream } from '../../streams/liveStream.js';
import type { BroadcastRecord } from './catalog.js';

export interface LayerView {
  rid: string;
  width: number;
  height: number;
  bitrate: number;
  codec: string;
  packetsReceived: number;
  keyframesReceived: number;
}

function codecName(source: SourceTrack): string {
  return source.codec.mimeType.split('/')[1] ?? source.codec.mimeType;
}

function layerView(source: SourceTrack): LayerView {
  const rid = source.id.split('/').slice(2).join('/');
  return {
    rid,
    width: source.frameWidth,
    height: source.frameHeight,
    bitrate: source.bitsPerSecond,
    codec: codecName(source),
    packetsReceived: source.packetsReceived,
    keyframesReceived: source.keyframesReceived,
  };
}

/** The viewer's latest receiver-report loss on video (RFC 3550 §6.4.1 fraction lost), 0..1. */
function viewerLoss(play: PlaySession): number | undefined {
  const video = play.relayLeg?.downTracks.find((track) => track.source.kind === 'video');
  const report = video?.lastReport;
  return report ? report.fractionLost / 256 : undefined;
}

function mean(values: number[]): number {
  return values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;
}

function players(stream: LiveStream): PlaySession[] {
  return [...stream.players] as PlaySession[];
}

export function broadcastView(
  stream: LiveStream | undefined,
  record: BroadcastRecord | undefined,
  publisher: SessionInfo | undefined,
  viewerLimit: number,
): Record<string, unknown> {
  const streamId = stream?.streamId ?? record!.streamId;
  const base = {
    streamId,
    name: record?.name ?? streamId,
    type: 'liveStream',
    publishType: 'WebRTC',
    date: record?.date ?? stream?.createdAt,
    webRTCViewerLimit: viewerLimit,
    hlsViewerCount: 0,
    dashViewerCount: 0,
    rtmpViewerCount: 0,
  };
  if (!stream) {
    return { ...base, status: record?.wentLive ? 'finished' : 'created', webRTCViewerCount: 0, bitrate: 0, width: 0, height: 0, receivedBytes: 0, layers: [], codecs: {} };
  }
  const videoLayers = stream.relay.videoLayers();
  const top = videoLayers.at(-1);
  const audio = stream.relay.source('audio');
  const sources = stream.relay.sources;
  const losses = players(stream).flatMap((play) => {
    const loss = viewerLoss(play);
    return loss === undefined ? [] : [loss];
  });
  return {
    ...base,
    status: stream.state,
    startTime: stream.createdAt,
    absoluteStartTimeMs: stream.createdAt,
    duration: Date.now() - stream.createdAt,
    webRTCViewerCount: stream.players.size,
    bitrate: sources.reduce((sum, source) => sum + source.bitsPerSecond, 0),
    width: top?.frameWidth ?? 0,
    height: top?.frameHeight ?? 0,
    receivedBytes: sources.reduce((sum, source) => sum + source.bytesReceived, 0),
    packetLostRatio: mean(losses),
    remoteIp: publisher?.remoteAddress ?? '',
    userAgent: publisher?.userAgent ?? '',
    kinds: stream.kinds,
    codecs: { ...(top ? { video: codecName(top) } : {}), ...(audio ? { audio: codecName(audio) } : {}) },
    layers: [...videoLayers].reverse().map(layerView),
    audio: audio ? layerView(audio) : null,
  };
}

/** One player, as Ant Media's WebRTCClientStats, with what RelayRTC knows besides. */
export function clientStatsView(play: PlaySession): Record<string, unknown> {
  const leg = play.relayLeg;
  const tracks = leg?.downTracks ?? [];
  const video = tracks.find((track) => track.source.kind === 'video');
  const audio = tracks.find((track) => track.source.kind === 'audio');
  const now = Date.now();
  const report = video?.lastReport;
  return {
    clientId: play.owner.id,
    streamId: play.streamId,
    clientIp: play.owner.info.remoteAddress,
    userAgent: play.owner.info.userAgent,
    connected: leg !== undefined,
    startTime: play.startedAt,
    measuredBitrate: leg?.effectiveEstimate ?? 0,
    sendBitrate: tracks.reduce((sum, track) => sum + track.source.bitsPerSecond, 0),
    videoPacketCount: video?.stats.packetsSent ?? 0,
    audioPacketCount: audio?.stats.packetsSent ?? 0,
    videoSentStats: {
      videoFirCount: video?.stats.firsReceived ?? 0,
      videoPliCount: video?.stats.plisReceived ?? 0,
      videoNackCount: video?.stats.nacksReceived ?? 0,
      videoPacketsSent: video?.stats.packetsSent ?? 0,
      videoBytesSent: video?.stats.bytesSent ?? 0,
      timeMs: now,
    },
    audioSentStats: {
      audioPacketsSent: audio?.stats.packetsSent ?? 0,
      audioBytesSent: audio?.stats.bytesSent ?? 0,
      timeMs: now,
    },
    retransmittedPackets: video?.stats.packetsRetransmitted ?? 0,
    layerSwitches: video?.stats.layerSwitches ?? 0,
    layerHeight: video?.source.frameHeight ?? 0,
    forcedHeight: leg?.layerController?.forced ?? 0,
    fractionLost: report ? report.fractionLost / 256 : 0,
    packetsLost: report?.packetsLost ?? 0,
    jitterMs: report && video ? (report.jitter * 1000) / video.source.codec.clockRate : 0,
  };
}

/** Ant Media's BroadcastStatistics (one stream) and its app-wide totals. */
export function statisticsView(webRTCViewers: number, activeLiveStreamCount?: number): Record<string, number> {
  return {
    totalRTMPWatchersCount: 0,
    totalHLSWatchersCount: 0,
    totalWebRTCWatchersCount: webRTCViewers,
    totalDASHWatchersCount: 0,
    ...(activeLiveStreamCount === undefined ? {} : { activeLiveStreamCount }),
  };
}
