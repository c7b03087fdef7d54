/**
 * Statistics of streams and their viewers, shaped after Ant Media's
 * WebRTCClientStats and broadcast statistics (antmedia-protocol.md §6.3) so
 * the REST API and metrics can hand them out as they are.
 */
import type { DownTrackCounters } from '../relay/interceptors/interceptor.js';
import type { MediaKind, SourceTrack } from '../relay/sourceTrack.js';
import type { ViewerLeg } from '../relay/viewerLeg.js';
import type { LiveStream } from './liveStream.js';

export interface LayerStatistics {
  width: number;
  height: number;
  /** bps over the last second. */
  bitrate: number;
  codec: string;
  packetsReceived: number;
  keyframesReceived: number;
}

export interface WebRtcClientStatistics {
  clientId: number;
  /** The viewer's bandwidth estimate (REMB, under any cap), bps; 0 when unknown. */
  measuredBitrate: number;
  /** What we send it now: its video layer plus audio, bps. */
  sendBitrate: number;
  videoPacketCount: number;
  audioPacketCount: number;
  videoSentStats: { videoFirCount: number; videoPliCount: number; videoNackCount: number; videoPacketsSent: number; videoBytesSent: number };
  audioSentStats: { audioPacketsSent: number; audioBytesSent: number };
  /** Loss the viewer reports on its video (0-1). */
  packetLostRatio: number;
  jitterMs: number;
  /** Round-trip time from receiver reports on our sender reports, ms (0 until measured). */
  rttMs: number;
  /** Height of the layer it receives (0 before the first keyframe). */
  currentLayerHeight: number;
  layerSwitches: number;
}

export interface StreamStatistics {
  streamId: string;
  status: 'preparing' | 'broadcasting' | 'finished';
  /** Milliseconds since the epoch when publishing began. */
  startTime: number;
  webRTCViewerCount: number;
  videoCodec: string;
  /** Live video layers, highest first. */
  layers: LayerStatistics[];
  audioBitrate: number;
  /** Incoming bytes over all tracks. */
  receivedBytes: number;
}

function layerStatistics(layer: SourceTrack): LayerStatistics {
  return {
    width: layer.frameWidth,
    height: layer.frameHeight,
    bitrate: layer.bitsPerSecond,
    codec: layer.codec.mimeType.split('/')[1] ?? '',
    packetsReceived: layer.packetsReceived,
    keyframesReceived: layer.keyframesReceived,
  };
}

export function viewerStatistics(leg: ViewerLeg, clientId: number): WebRtcClientStatistics {
  const video = leg.downTracks.find((track) => track.source.kind === 'video');
  const audio = leg.downTracks.find((track) => track.source.kind === 'audio');
  const network = leg.network();
  return {
    clientId,
    measuredBitrate: leg.effectiveEstimate ?? 0,
    sendBitrate: (video?.source.bitsPerSecond ?? 0) + (audio?.source.bitsPerSecond ?? 0),
    videoPacketCount: video?.stats.packetsSent ?? 0,
    audioPacketCount: audio?.stats.packetsSent ?? 0,
    videoSentStats: {
      videoFirCount: video?.stats.firsReceived ?? 0,
      videoPliCount: video?.stats.plisReceived ?? 0,
      videoNackCount: video?.stats.nacksReceived ?? 0,
      videoPacketsSent: video?.stats.packetsSent ?? 0,
      videoBytesSent: video?.stats.bytesSent ?? 0,
    },
    audioSentStats: { audioPacketsSent: audio?.stats.packetsSent ?? 0, audioBytesSent: audio?.stats.bytesSent ?? 0 },
    packetLostRatio: network.lossFraction,
    jitterMs: network.jitterMs ?? 0,
    rttMs: network.rttMs ?? 0,
    currentLayerHeight: video?.source.frameHeight ?? 0,
    layerSwitches: video?.stats.layerSwitches ?? 0,
  };
}

export function streamStatistics(stream: LiveStream): StreamStatistics {
  const layers = stream.relay.videoLayers().reverse();
  return {
    streamId: stream.streamId,
    status: stream.state,
    startTime: stream.createdAt,
    webRTCViewerCount: stream.players.size,
    videoCodec: stream.videoCodec?.mimeType.split('/')[1] ?? '',
    layers: layers.map(layerStatistics),
    audioBitrate: stream.relay.source('audio')?.bitsPerSecond ?? 0,
    receivedBytes: stream.relay.sources.reduce((sum, source) => sum + source.bytesReceived, 0),
  };
}

/** Counters of one kind of media sent to one viewer, since it connected (a down-track's, summed). */
export type SentCounts = Pick<DownTrackCounters, 'packetsSent' | 'bytesSent' | 'nacksReceived' | 'packetsRetransmitted' | 'plisReceived' | 'firsReceived' | 'layerSwitches'>;

/**
 * What the rest of the server reads of one connected viewer, wherever its
 * leg runs (this thread, or a viewer worker that sends it over): REST
 * statistics, traffic totals and bitrateMeasurement are built from it.
 */
export interface ViewerReport {
  statistics: WebRtcClientStatistics;
  /** Height pinned by forceStreamQuality (0 = automatic). */
  forcedHeight: number;
  /** The viewer's estimate under any cap, bps (undefined before its first REMB). */
  estimate: number | undefined;
  videoBitrate: number;
  audioBitrate: number;
  sent: Record<MediaKind, SentCounts>;
}

export const noneSent = (): SentCounts => ({ packetsSent: 0, bytesSent: 0, nacksReceived: 0, packetsRetransmitted: 0, plisReceived: 0, firsReceived: 0, layerSwitches: 0 });

/** Summed over the leg's down-tracks of `kind` (an edge's pull has one per video layer). */
function sentCounts(leg: ViewerLeg, kind: MediaKind): SentCounts {
  const sum = noneSent();
  for (const track of leg.downTracks) {
    if (track.source.kind !== kind) continue;
    for (const key of Object.keys(sum) as Array<keyof SentCounts>) sum[key] += track.stats[key];
  }
  return sum;
}

export function viewerReport(leg: ViewerLeg): ViewerReport {
  const statistics = viewerStatistics(leg, 0);
  const video = leg.downTracks.find((track) => track.source.kind === 'video');
  const audio = leg.downTracks.find((track) => track.source.kind === 'audio');
  return {
    statistics,
    forcedHeight: leg.layerController?.forced ?? 0,
    estimate: leg.effectiveEstimate,
    videoBitrate: video?.source.bitsPerSecond ?? 0,
    audioBitrate: audio?.source.bitsPerSecond ?? 0,
    sent: { audio: sentCounts(leg, 'audio'), video: sentCounts(leg, 'video') },
  };
}
