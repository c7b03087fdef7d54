/**
 * Statistics of streams and their viewers, shaped after Ant Media's
 * WebRTCClientStats and broadcast statistics (antmedia-protocol.md §6.3) so
 * the REST API and metrics can hand them out as they are.
 */
import type { SourceTrack } from '../relay/sourceTrack.js';
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

/** One entry per connected viewer, numbered in connection order. */
export function viewersOf(stream: LiveStream): WebRtcClientStatistics[] {
  return stream.relay.viewerLegs().map((leg, index) => viewerStatistics(leg, index + 1));
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
