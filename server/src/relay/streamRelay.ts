/**
 * The relay muxer of one stream: its publisher's source tracks and the viewer
 * legs fed from them. Knows packets, tracks and viewers; nothing of
 * WebSocket, SDP or werift.
 */
import type { Clock } from './clock.js';
import type { Egress } from './egress.js';
import { SourceTrack, type MediaKind, type SourceCodec } from './sourceTrack.js';
import { ViewerLeg } from './viewerLeg.js';

export interface RelayTuning {
  keyframeRequestIntervalMs: number;
  historyMs: number;
  historyPackets: number;
  keyframeRetryMs: number;
}

export interface ViewerTrackBinding {
  kind: MediaKind;
  ssrc: number;
  payloadType: number;
  egress: Egress;
}

export class StreamRelay {
  private readonly sourcesByKind = new Map<MediaKind, SourceTrack>();
  /** Each viewer and what its connection can carry, so sources that start later still reach it. */
  private readonly viewers = new Map<ViewerLeg, ViewerTrackBinding[]>();

  constructor(
    readonly streamId: string,
    private readonly clock: Clock,
    private readonly tuning: RelayTuning,
  ) {}

  /** Registers the publisher's track of one kind; `requestKeyframe` sends a PLI upstream. */
  addSource(codec: SourceCodec, requestKeyframe: (mediaSsrc: number) => void): SourceTrack {
    const source = new SourceTrack(`${this.streamId}/${codec.kind}`, codec, {
      clock: this.clock,
      keyframeRequestIntervalMs: this.tuning.keyframeRequestIntervalMs,
      requestKeyframe,
    });
    this.sourcesByKind.get(codec.kind)?.close();
    this.sourcesByKind.set(codec.kind, source);
    for (const [leg, bindings] of this.viewers) this.bind(leg, bindings, codec.kind);
    return source;
  }

  get sources(): SourceTrack[] {
    return [...this.sourcesByKind.values()];
  }

  source(kind: MediaKind): SourceTrack | undefined {
    return this.sourcesByKind.get(kind);
  }

  get viewerCount(): number {
    return this.viewers.size;
  }

  /** Connects a viewer: one down-track per binding whose kind the publisher sends. */
  addViewer(bindings: ViewerTrackBinding[]): ViewerLeg {
    const leg = new ViewerLeg();
    this.viewers.set(leg, bindings);
    this.bind(leg, bindings, 'audio');
    this.bind(leg, bindings, 'video');
    return leg;
  }

  removeViewer(leg: ViewerLeg): void {
    leg.close();
    this.viewers.delete(leg);
  }

  close(): void {
    for (const leg of this.viewers.keys()) leg.close();
    this.viewers.clear();
    for (const source of this.sourcesByKind.values()) source.close();
    this.sourcesByKind.clear();
  }

  private bind(leg: ViewerLeg, bindings: ViewerTrackBinding[], kind: MediaKind): void {
    const source = this.sourcesByKind.get(kind);
    if (!source) return;
    for (const binding of bindings) {
      if (binding.kind !== kind) continue;
      leg.addDownTrack(source, binding.egress, {
        clock: this.clock,
        ssrc: binding.ssrc,
        payloadType: binding.payloadType,
        historyMs: this.tuning.historyMs,
        historyPackets: this.tuning.historyPackets,
        keyframeRetryMs: this.tuning.keyframeRetryMs,
      });
    }
  }
}
