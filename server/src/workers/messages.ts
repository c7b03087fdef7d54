/**
 * What the main thread and a viewer worker say to each other. The main
 * thread keeps signaling, publishers and the ingest; a worker holds viewers'
 * peer connections and a mirror of each stream they play, fed with every
 * published packet of it once per worker.
 */
import type { SenderInfo } from '../relay/rtcp.js';
import type { SourceCodec } from '../relay/sourceTrack.js';
import type { LocalCandidate, RemoteCandidate } from '../streams/peerSignals.js';
import type { LegImpairment } from '../streams/playPeer.js';
import type { ViewerReport } from '../streams/statistics.js';
import type { ServerOffer } from '../streams/viewerPeer.js';
import type { VideoCodecChoice } from '../streams/weriftPeerConfig.js';
import type { MediaKind } from '../relay/sourceTrack.js';
import type { PacketRun } from './packetRun.js';

/** A data channel message as it crosses threads (binary arrives as a Uint8Array). */
export type WireDataMessage = string | Uint8Array;

/** Published packets since the last batch: packet i came from source `sources[i]`. */
export interface PacketBatch extends PacketRun {
  type: 'packets';
  sources: number[];
}

/** The packets since a source's latest keyframe, which began `ageMs` ago. */
export interface KeyframeReplay extends PacketRun {
  ageMs: number;
}

export type ToWorker =
  /**
   * A source of `streamId` (new, or replacing the one with the same kind and rid), with its
   * latest keyframe when recent: a worker is fed a stream from its first viewer there on.
   */
  | { type: 'source'; streamId: string; sourceId: number; rid: string; codec: SourceCodec; keyframe?: KeyframeReplay }
  | PacketBatch
  | { type: 'senderReport'; sourceId: number; info: SenderInfo }
  /** The stream ended, or this worker's last viewer of it left: free its mirror. */
  | { type: 'streamGone'; streamId: string }
  | { type: 'openViewer'; viewerId: number; streamId: string; kinds: MediaKind[]; videoCodec: VideoCodecChoice | undefined }
  | { type: 'offer'; viewerId: number; requestId: number }
  | { type: 'answer'; viewerId: number; requestId: number; sdp: string }
  | { type: 'candidate'; viewerId: number; requestId: number; candidate: RemoteCandidate }
  | { type: 'forceQuality'; viewerId: number; streamHeight: number }
  | { type: 'impair'; viewerId: number; knob: LegImpairment }
  | { type: 'enableKind'; viewerId: number; kind: MediaKind; enabled: boolean }
  | { type: 'closeViewer'; viewerId: number }
  | { type: 'dataToPlayer'; viewerId: number; channelId: number; message: WireDataMessage };

export type FromWorker =
  | { type: 'reply'; requestId: number; ok: true; offer?: ServerOffer }
  | { type: 'reply'; requestId: number; ok: false; error: string }
  /** A viewer of this source wants a keyframe. */
  | { type: 'keyframeWanted'; sourceId: number }
  | { type: 'candidate'; viewerId: number; candidate: LocalCandidate }
  | { type: 'connected'; viewerId: number }
  | { type: 'failed'; viewerId: number; reason: string }
  | { type: 'layerChanged'; viewerId: number; height: number }
  /** Its peer connection is closed and freed. */
  | { type: 'viewerClosed'; viewerId: number }
  | { type: 'reports'; reports: Array<[viewerId: number, report: ViewerReport]> }
  /** The worker's event-loop delay p99 over the last report interval, ms (admission control). */
  | { type: 'load'; lagP99Ms: number }
  | { type: 'dataAttached'; viewerId: number; channelId: number }
  | { type: 'dataClosed'; viewerId: number; channelId: number }
  | { type: 'dataFromPlayer'; viewerId: number; channelId: number; message: WireDataMessage };

/** A binary message back to a Buffer without copying, text as it is. */
export function dataMessageFromWire(message: WireDataMessage): string | Buffer {
  return typeof message === 'string' ? message : Buffer.from(message.buffer, message.byteOffset, message.byteLength);
}

/** Binary copied to a Uint8Array of its own (a Buffer may be a view of a larger pool, all of which would be cloned). */
export function dataMessageToWire(message: string | Buffer): WireDataMessage {
  return typeof message === 'string' ? message : Uint8Array.prototype.slice.call(message);
}
