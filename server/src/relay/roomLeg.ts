/**
 * One room viewer's connection to many publishers' relays: an audio
 * down-track per participant and video down-tracks per slot. A slot either
 * belongs to one participant for good (uncapped rooms) or is filled by the
 * active-speaker order (a `maxVideoTrackCount` cap): a change of speaker is
 * a keyframe-gated `switchTo` on the same down-track, so the viewer's track
 * keeps one SSRC and unbroken numbering. Each slot's layer follows the
 * viewer's bandwidth ceiling divided among its video tiles. Knows tracks and
 * relays only: no SDP, no WebSocket.
 */
import type { Clock, TimerHandle } from './clock.js';
import type { DownTrack } from './downTrack.js';
import type { Egress } from './egress.js';
import { LayerController } from './layerController.js';
import type { NetworkReport } from './layerPolicy.js';
import { sendingLayers, type MediaKind, type SourceTrack } from './sourceTrack.js';
import { SpeakerSelector } from './speakerSelector.js';
import type { RelayTuning, ViewerTrackBinding } from './streamRelay.js';
import type { StreamRelay } from './streamRelay.js';
import { ViewerLeg } from './viewerLeg.js';

export type RoomBinding = Omit<ViewerTrackBinding, 'kind'>;

/** What the viewer's connection carries now (set after every negotiation). */
export interface RoomLayout {
  /** Participant → its audio track. */
  audio: ReadonlyMap<string, RoomBinding>;
  /** Uncapped: participant → its video track. Capped: the slots, in label order. */
  video: { mode: 'perParticipant'; tracks: ReadonlyMap<string, RoomBinding> } | { mode: 'slots'; tracks: readonly RoomBinding[] };
}

export interface RoomLegOptions {
  clock: Clock;
  tuning: RelayTuning;
  /** How often speakers, late sources and layers are reconsidered. */
  tickMs: number;
  /** Active-speaker hysteresis. */
  speakerHoldMs: number;
  speakerMarginLevels: number;
  /** The participants this viewer sees (itself excluded), in join order. */
  participants: () => ReadonlyMap<string, StreamRelay>;
  /** False: a participant's media is sent only once enabled (disableTracksByDefault). Default true. */
  tracksEnabledByDefault?: boolean;
  /** The capped slots' occupants changed ('' = empty slot). */
  assignmentsChanged?: (slots: string[], pinned: boolean[]) => void;
}

interface VideoTrackState {
  binding: RoomBinding;
  participant: string;
  downTrack: DownTrack | undefined;
  controller: LayerController | undefined;
}

export class RoomLeg {
  readonly leg = new ViewerLeg();
  private readonly audio = new Map<number, { binding: RoomBinding; participant: string; downTrack: DownTrack | undefined }>();
  private readonly video = new Map<number, VideoTrackState>();
  private slotMode = false;
  private readonly selector: SpeakerSelector;
  private assignment: { slots: string[]; pinned: boolean[] } = { slots: [], pinned: [] };
  /** What the viewer chose per `participant/kind` (enableTrack, toggleVideo, toggleAudio); the rest follow the default. */
  private readonly choices = new Map<string, boolean>();
  /** Conference pagination: capped slots go to these participants (join order) only. */
  private page: { offset: number; size: number } | undefined;
  private readonly timer: TimerHandle;
  private closed = false;

  constructor(private readonly options: RoomLegOptions) {
    this.selector = new SpeakerSelector({ clock: options.clock, holdMs: options.speakerHoldMs, marginLevels: options.speakerMarginLevels });
    this.timer = options.clock.every(options.tickMs, () => this.reconcile());
  }

  /** The capped slots' occupants now. */
  get slots(): { slots: string[]; pinned: boolean[] } {
    return { slots: [...this.assignment.slots], pinned: [...this.assignment.pinned] };
  }

  get downTracks(): DownTrack[] {
    return this.leg.downTracks;
  }

  /** Applies what the latest negotiation settled: tracks that went away are closed, new ones start. */
  setLayout(layout: RoomLayout): void {
    if (this.closed) return;
    const keep = new Set<number>();
    for (const [participant, binding] of layout.audio) {
      keep.add(binding.ssrc);
      if (!this.audio.has(binding.ssrc)) this.audio.set(binding.ssrc, { binding, participant, downTrack: undefined });
    }
    this.slotMode = layout.video.mode === 'slots';
    const videoTracks: Array<[string, RoomBinding]> =
      layout.video.mode === 'slots' ? layout.video.tracks.map((binding) => ['', binding]) : [...layout.video.tracks];
    for (const [participant, binding] of videoTracks) {
      keep.add(binding.ssrc);
      const existing = this.video.get(binding.ssrc);
      if (existing) {
        if (!this.slotMode) existing.participant = participant;
        continue;
      }
      this.video.set(binding.ssrc, { binding, participant, downTrack: undefined, controller: undefined });
    }
    for (const ssrc of [...this.audio.keys(), ...this.video.keys()]) if (!keep.has(ssrc)) this.drop(ssrc);
    this.reconcile();
  }

  /** Pins `participant` to slot `index` (any slot when undefined). */
  pin(participant: string, index?: number): void {
    this.selector.pin(participant, index);
    this.reconcile();
  }

  unpin(participant: string): void {
    this.selector.unpin(participant);
    this.reconcile();
  }

  /** Stops or resumes sending `participant`'s `kind`; a participant without video takes no capped slot. */
  setParticipantEnabled(participant: string, kind: MediaKind, enabled: boolean): void {
    this.choices.set(`${participant}/${kind}`, enabled);
    this.reconcile();
  }

  /** Capped slots go to the participants from `offset` (join order), `size` of them: a page of the room. */
  showPage(offset: number, size: number): void {
    this.page = { offset, size };
    this.reconcile();
  }

  /** Every RTCP packet of the connection: each down-track picks the reports that name it. */
  handleRtcp(packet: Buffer): void {
    this.leg.handleRtcp(packet);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.timer.cancel();
    for (const state of this.video.values()) state.controller?.close();
    this.leg.close();
    this.audio.clear();
    this.video.clear();
  }

  /** Brings every track onto the source it should carry now. */
  reconcile(): void {
    if (this.closed) return;
    const participants = this.options.participants();
    for (const state of this.audio.values()) {
      const source = participants.get(state.participant)?.source('audio');
      if (source) state.downTrack = this.feed(state.downTrack, source, state.binding, this.isEnabled(state.participant, 'audio'));
    }
    if (this.slotMode) this.assignSlots(participants);
    for (const state of this.audio.values()) state.downTrack?.setEnabled(this.isEnabled(state.participant, 'audio'));
    const tiles = [...this.video.values()].filter((state) => state.participant !== '').length;
    for (const state of this.video.values()) {
      const relay = participants.get(state.participant);
      if (!relay) continue;
      const layers = relay.videoLayers();
      const heading = state.downTrack?.pendingSource ?? state.downTrack?.source;
      if (heading && layers.includes(heading)) continue;
      // The lowest layer that sends: a layer announced but never started (a small picture) would show nothing.
      const first = sendingLayers(layers).find((layer) => layer.hasStarted);
      if (!first) continue;
      state.downTrack = this.feed(state.downTrack, first, state.binding, this.isEnabled(state.participant, 'video'));
      state.controller?.close();
      state.controller = new LayerController(state.downTrack, {
        clock: this.options.clock,
        evaluationIntervalMs: this.options.tuning.layerEvaluationMs,
        layers: () => participants.get(state.participant)?.videoLayers() ?? [],
        network: () => this.shareOf(tiles),
      });
    }
    for (const state of this.video.values()) state.downTrack?.setEnabled(this.isEnabled(state.participant, 'video'));
  }

  private isEnabled(participant: string, kind: MediaKind): boolean {
    return participant === '' || (this.choices.get(`${participant}/${kind}`) ?? this.options.tracksEnabledByDefault ?? true);
  }

  /** Who may take a capped slot: on the current page, with video enabled. */
  private slotCandidates(participants: ReadonlyMap<string, StreamRelay>): string[] {
    const ids = [...participants.keys()];
    const onPage = this.page ? ids.slice(this.page.offset, this.page.offset + this.page.size) : ids;
    return onPage.filter((id) => this.isEnabled(id, 'video'));
  }

  private assignSlots(participants: ReadonlyMap<string, StreamRelay>): void {
    const levels = new Map<string, number>();
    for (const id of this.slotCandidates(participants)) levels.set(id, participants.get(id)!.audioLevel);
    const slotStates = [...this.video.values()];
    const next = this.selector.update(slotStates.length, levels);
    slotStates.forEach((state, i) => (state.participant = next.slots[i] ?? ''));
    const changed = next.slots.join('\n') !== this.assignment.slots.join('\n') || next.pinned.join() !== this.assignment.pinned.join();
    this.assignment = next;
    if (changed) this.options.assignmentsChanged?.(next.slots, next.pinned);
  }

  /** The connection's bandwidth ceiling split evenly among the video tiles it carries. */
  private shareOf(tiles: number): NetworkReport {
    const network = this.leg.network();
    const ceiling = network.ceiling === undefined ? undefined : network.ceiling / Math.max(1, tiles);
    return { ...network, ceiling };
  }

  /** Starts a down-track on `source` (sending or not), or moves the existing one there at its next keyframe. */
  private feed(downTrack: DownTrack | undefined, source: SourceTrack, binding: RoomBinding, enabled: boolean): DownTrack {
    if (downTrack) {
      if (downTrack.source !== source && downTrack.pendingSource !== source) downTrack.switchTo(source);
      return downTrack;
    }
    const { clock, tuning } = this.options;
    return this.leg.addDownTrack(source, binding.egress, {
      clock,
      ssrc: binding.ssrc,
      payloadType: binding.payloadType,
      historyMs: tuning.historyMs,
      historyPackets: tuning.historyPackets,
      keyframeRetryMs: tuning.keyframeRetryMs,
      keyframeReplayMs: tuning.keyframeReplayMs,
      enabled,
    });
  }

  private drop(ssrc: number): void {
    this.video.get(ssrc)?.controller?.close();
    this.audio.delete(ssrc);
    this.video.delete(ssrc);
    this.leg.removeDownTrack(ssrc);
  }
}
