/**
 * The relay muxer of one stream: its publisher's source tracks (audio, and
 * one per simulcast layer of video) and the viewer legs fed from them. Knows
 * packets, tracks and viewers; nothing of WebSocket, SDP or werift.
 */
import { SILENT_AUDIO_LEVEL } from './audioLevel.js';
import type { Clock } from './clock.js';
import type { Egress } from './egress.js';
import { LayerController } from './layerController.js';
import { SourceTrack, sendingLayers, type MediaKind, type SourceCodec } from './sourceTrack.js';
import { ViewerLeg } from './viewerLeg.js';

export interface RelayTuning {
  keyframeRequestIntervalMs: number;
  historyMs: number;
  historyPackets: number;
  keyframeRetryMs: number;
  /** How often each viewer's layer choice is reconsidered. */
  layerEvaluationMs: number;
  /** Packets kept per video source since its latest keyframe, for viewers joining right after it. */
  keyframeCachePackets?: number;
  /** A joining viewer starts from the cached keyframe when it is at most this old. */
  keyframeReplayMs?: number;
}

export interface ViewerTrackBinding {
  kind: MediaKind;
  ssrc: number;
  payloadType: number;
  egress: Egress;
  /**
   * Video only: always this layer, with no layer controller (an edge pulling every layer
   * gets one track per layer and leaves the choice to its own viewers' controllers).
   */
  pinned?: SourceTrack;
}

export interface ViewerListener {
  /** The viewer's video now comes from this layer. */
  layerChanged(layer: SourceTrack): void;
}

/** Told of every source the publisher adds (a viewer worker's feed mirrors them). */
export type SourceListener = (source: SourceTrack, rid: string) => void;

interface ViewerEntry {
  bindings: ViewerTrackBinding[];
  listener: ViewerListener | undefined;
}

export class StreamRelay {
  private audio: SourceTrack | undefined;
  /** Video sources by simulcast rid ('' without simulcast), in arrival order. */
  private readonly videoByRid = new Map<string, SourceTrack>();
  /** Each viewer and what its connection can carry, so sources that start later still reach it. */
  private readonly viewers = new Map<ViewerLeg, ViewerEntry>();
  private readonly sourceListeners = new Set<SourceListener>();
  /** The simulcast rid of each video source ('' for audio and plain video). */
  private readonly rids = new WeakMap<SourceTrack, string>();

  constructor(
    readonly streamId: string,
    private readonly clock: Clock,
    private readonly tuning: RelayTuning,
  ) {}

  /**
   * Registers one of the publisher's tracks: audio, or a video layer named by
   * its simulcast `rid`. `requestKeyframe` sends a PLI upstream for it.
   */
  addSource(codec: SourceCodec, requestKeyframe: (mediaSsrc: number) => void, rid = ''): SourceTrack {
    const source = new SourceTrack(`${this.streamId}/${codec.kind}${rid ? `/${rid}` : ''}`, codec, {
      clock: this.clock,
      keyframeRequestIntervalMs: this.tuning.keyframeRequestIntervalMs,
      requestKeyframe,
      keyframeCachePackets: this.tuning.keyframeCachePackets,
    });
    const replaced = codec.kind === 'audio' ? this.audio : this.videoByRid.get(rid);
    replaced?.close();
    if (codec.kind === 'audio') this.audio = source;
    else this.videoByRid.set(rid, source);
    this.rids.set(source, rid);
    const replacement = replaced && { replaced, by: source };
    for (const [leg, entry] of this.viewers) this.bind(leg, entry, codec.kind, replacement);
    for (const listener of this.sourceListeners) listener(source, rid);
    return source;
  }

  /** Calls `listener` with every source now and each one added later; returns its removal. */
  watchSources(listener: SourceListener): () => void {
    for (const source of this.sources) listener(source, this.rids.get(source) ?? '');
    this.sourceListeners.add(listener);
    return () => void this.sourceListeners.delete(listener);
  }

  get sources(): SourceTrack[] {
    return [...(this.audio ? [this.audio] : []), ...this.videoByRid.values()];
  }

  /** The audio source, or the highest video layer being sent (a paused or never-started one would show a new viewer nothing). */
  source(kind: MediaKind): SourceTrack | undefined {
    return kind === 'audio' ? this.audio : sendingLayers(this.videoLayers()).at(-1);
  }

  /** The publisher's recent audio level, 0 (loud) … 127 (silent). */
  get audioLevel(): number {
    return this.audio?.audioLevel ?? SILENT_AUDIO_LEVEL;
  }

  /** Video layers, lowest first (by frame height, then bitrate). */
  videoLayers(): SourceTrack[] {
    return [...this.videoByRid.values()].sort((a, b) => a.frameHeight - b.frameHeight || a.bitsPerSecond - b.bitsPerSecond);
  }

  get viewerCount(): number {
    return this.viewers.size;
  }

  /** Connects a viewer: one down-track per binding whose kind the publisher sends. */
  addViewer(bindings: ViewerTrackBinding[], listener?: ViewerListener, disabledKinds: readonly MediaKind[] = []): ViewerLeg {
    const leg = new ViewerLeg(disabledKinds);
    const entry = { bindings, listener };
    this.viewers.set(leg, entry);
    this.bind(leg, entry, 'audio');
    this.bind(leg, entry, 'video');
    return leg;
  }

  removeViewer(leg: ViewerLeg): void {
    leg.close();
    this.viewers.delete(leg);
  }

  close(): void {
    for (const leg of this.viewers.keys()) leg.close();
    this.viewers.clear();
    this.sourceListeners.clear();
    for (const source of this.sources) source.close();
    this.audio = undefined;
    this.videoByRid.clear();
  }

  private bind(leg: ViewerLeg, entry: ViewerEntry, kind: MediaKind, replacement?: { replaced: SourceTrack; by: SourceTrack }): void {
    const highest = this.source(kind);
    for (const binding of entry.bindings) {
      if (binding.kind !== kind) continue;
      const source = binding.pinned ?? highest;
      if (!source) continue;
      const existing = leg.downTracks.find((track) => track.ssrc === binding.ssrc);
      if (existing) {
        // A replaced source (re-publish) continues on the same numbering from its
        // replacement, the same rid: not from whichever layer sorts highest, which
        // the replacement is not before its first keyframe tells its size. A new
        // extra simulcast layer is the layer controller's to pick.
        const onReplaced = replacement && (existing.source === replacement.replaced || existing.pendingSource === replacement.replaced);
        if (onReplaced) existing.switchTo(replacement.by);
        else if (!this.sources.includes(existing.source)) existing.switchTo(source);
        continue;
      }
      const downTrack = leg.addDownTrack(source, binding.egress, {
        clock: this.clock,
        ssrc: binding.ssrc,
        payloadType: binding.payloadType,
        historyMs: this.tuning.historyMs,
        historyPackets: this.tuning.historyPackets,
        keyframeRetryMs: this.tuning.keyframeRetryMs,
        keyframeReplayMs: this.tuning.keyframeReplayMs,
        onSourceChanged: (layer) => entry.listener?.layerChanged(layer),
      });
      if (kind === 'video' && !binding.pinned) {
        leg.layerController?.close();
        leg.layerController = new LayerController(downTrack, {
          clock: this.clock,
          evaluationIntervalMs: this.tuning.layerEvaluationMs,
          layers: () => this.videoLayers(),
          network: () => leg.network(),
        });
      }
    }
  }
}
