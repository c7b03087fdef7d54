/**
 * The JSON the REST API returns, after Ant Media's objects (antmedia-protocol.md
 * §6.3): Broadcast, WebRTCClientStats, BroadcastStatistics, with the fields
 * RelayRTC has, plus `layers`, `codecs` and loss that the dashboard shows.
 */
import type { SourceTrack } from '../../relay/sourceTrack.js';
import type { PlaySession } from '../../signaling/playSession.js';
import type { SessionInfo } from '../../signaling/signalingSession.js';
import { roomBroadcastInfo } from '../../signaling/broadcastInfo.js';
import type { LiveStream } from '../../streams/liveStream.js';
import type { Room } from '../../streams/room.js';
import { streamStatistics, type LayerStatistics } from '../../streams/statistics.js';
import type { BroadcastRecord } from './catalog.js';

/** A layer as streams/statistics.ts describes it, with its simulcast rid ('' without simulcast). */
export type LayerView = LayerStatistics & { rid: string };

function ridOf(source: SourceTrack): string {
  return source.id.split('/').slice(2).join('/');
}

function players(stream: LiveStream): PlaySession[] {
  return [...stream.players] as PlaySession[];
}

function mean(values: number[]): number {
  return values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;
}

/** The Broadcast fields every view has. */
function baseView(streamId: string, name: string, date: number | undefined, viewerLimit: number) {
  return { streamId, name, type: 'liveStream', publishType: 'WebRTC', date, webRTCViewerLimit: viewerLimit, hlsViewerCount: 0, dashViewerCount: 0, rtmpViewerCount: 0 };
}

export function broadcastView(
  stream: LiveStream | undefined,
  record: BroadcastRecord | undefined,
  publisher: SessionInfo | undefined,
  viewerLimit: number,
): Record<string, unknown> {
  const streamId = stream?.streamId ?? record!.streamId;
  const base = baseView(streamId, record?.name ?? streamId, record?.date ?? stream?.createdAt, viewerLimit);
  if (!stream) {
    return { ...base, status: record?.wentLive ? 'finished' : 'created', webRTCViewerCount: 0, bitrate: 0, width: 0, height: 0, receivedBytes: 0, layers: [], codecs: {} };
  }
  const stats = streamStatistics(stream);
  // streams/statistics.ts lists the layers highest first, as relay.videoLayers() reversed.
  const sources = [...stream.relay.videoLayers()].reverse();
  const layers: LayerView[] = stats.layers.map((layer, i) => ({ ...layer, rid: sources[i] ? ridOf(sources[i]!) : '' }));
  const audio = stream.relay.source('audio');
  const viewers = players(stream).flatMap((play) => play.report()?.statistics ?? []);
  return {
    ...base,
    status: stats.status,
    startTime: stats.startTime,
    absoluteStartTimeMs: stats.startTime,
    duration: Date.now() - stats.startTime,
    webRTCViewerCount: stats.webRTCViewerCount,
    bitrate: layers.reduce((sum, layer) => sum + layer.bitrate, 0) + stats.audioBitrate,
    width: layers[0]?.width ?? 0,
    height: layers[0]?.height ?? 0,
    receivedBytes: stats.receivedBytes,
    packetLostRatio: mean(viewers.map((viewer) => viewer.packetLostRatio)),
    remoteIp: publisher?.remoteAddress ?? '',
    userAgent: publisher?.userAgent ?? '',
    kinds: stream.kinds,
    codecs: { ...(layers[0] ? { video: layers[0].codec } : {}), ...(audio ? { audio: audio.codec.mimeType.split('/')[1] ?? '' } : {}) },
    layers,
    audioBitrate: stats.audioBitrate,
  };
}

/**
 * A conference room, as Ant Media shows its main track: the participants as
 * its subtracks, those playing the room as its WebRTC viewers.
 */
export function roomView(room: Room, viewerLimit: number): Record<string, unknown> {
  const info = roomBroadcastInfo(room);
  return {
    ...baseView(room.roomId, room.roomId, room.createdAt, viewerLimit),
    status: info.status,
    startTime: info.startTime,
    webRTCViewerCount: info.webRTCViewerCount,
    subTrackStreamIds: info.subTrackStreamIds,
  };
}

/**
 * One player: Ant Media's WebRTCClientStats as streams/statistics.ts builds
 * them, plus who it is (address, user agent) and whether it is connected yet.
 */
export function clientStatsView(play: PlaySession, index: number): Record<string, unknown> {
  const who = { streamId: play.streamId, sessionId: play.owner.id, clientIp: play.owner.info.remoteAddress, userAgent: play.owner.info.userAgent, startTime: play.startedAt };
  const report = play.report();
  if (!report) return { clientId: index + 1, ...who, connected: false };
  return { ...report.statistics, clientId: index + 1, ...who, connected: true, forcedHeight: report.forcedHeight };
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
