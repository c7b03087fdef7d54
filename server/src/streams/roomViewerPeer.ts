/**
 * The server end of a room player's connection (antmedia-protocol.md
 * §4.4.5): one offer covering every visible participant, renegotiated on
 * the same connection as they come and go. Uncapped, each participant has a
 * video m-line (`ARDAMSv<id>`, msid stream = its id) and then its audio
 * (`ARDAMSa<id>`): the browser reports a participant's tracks in m-line
 * order, and Ant Media's conference sample makes a tile of the first one it
 * gets, hidden when that is audio. With a video cap there are that many
 * video slots (`ARDAMSvvideoTrack<n>`) the active speakers fill, before the
 * audio m-lines. A track that goes away is stopped (port 0 in the next
 * offer); werift 0.25.2 recycles that m-line for the next track of its kind,
 * with a new mid. The one exception is the BUNDLE tag (the first mid of the
 * group, usually the first participant's video): it goes inactive instead,
 * with the rest of that participant's m-lines, see retire().
 */
import { RTCPeerConnection, type RTCDataChannel, type RTCRtpTransceiver } from 'werift';
import { TRACK_ID_PREFIX, VIDEO_TRACK_LABEL_PREFIX } from 'relayrtc/protocol';
import type { RelayServerConfig } from '../config.js';
import type { Clock } from '../relay/clock.js';
import type { DataEndpoint, DataMessage } from '../relay/dataChannelHub.js';
import { RoomLeg, type RoomBinding, type RoomLayout } from '../relay/roomLeg.js';
import type { MediaKind } from '../relay/sourceTrack.js';
import type { StreamRelay } from '../relay/streamRelay.js';
import { addRemoteCandidate, wireIceEvents, type PeerEvents, type RemoteCandidate } from './peerSignals.js';
import type { PeerTracker } from './peerTracker.js';
import type { ServerOffer } from './viewerPeer.js';
import { bindDataChannel, type DataChannelBinding } from './weriftDataChannel.js';
import { skipImplicitStun, weriftPeerConfig, type VideoCodecChoice } from './weriftPeerConfig.js';
import { onRawRtcp, WeriftEgress } from './weriftTransport.js';

export interface RoomViewerPeerEvents extends PeerEvents {
  /** The capped video slots' occupants changed ('' = empty). */
  assignmentsChanged(slots: string[], pinned: boolean[]): void;
  dataAttached(endpoint: DataEndpoint): void;
  dataMessage(endpoint: DataEndpoint, message: DataMessage): void;
  dataClosed(endpoint: DataEndpoint): void;
}

export interface RoomViewerDeps {
  config: RelayServerConfig;
  clock: Clock;
  tracker: PeerTracker;
  /** The codec the room's publishers send (viewers get it as it is). */
  videoCodec: VideoCodecChoice | undefined;
  /** False (disableTracksByDefault): participants are sent only once enabled (enableTrack). */
  tracksEnabledByDefault: boolean;
}

/** One visible participant: its id, the kinds it publishes and its relay. */
export interface VisibleParticipant {
  id: string;
  kinds: readonly MediaKind[];
  relay: StreamRelay;
}

interface PlannedTrack {
  kind: MediaKind;
  /** The participant it carries, or '' for a capped video slot. */
  participant: string;
  /** a=msid stream id: the participant, or the room for a slot. */
  msidStream: string;
  trackId: string;
}

const DEFAULT_PAYLOAD_TYPE: Record<MediaKind, number> = { video: 96, audio: 111 };

const VIDEO_FIRST: readonly MediaKind[] = ['video', 'audio'];

/** The m-lines a room play wants, in offer order: each participant's video before its audio, or the capped video slots before every audio. */
function plannedTracks(roomId: string, visible: readonly VisibleParticipant[], maxVideoTracks: number): PlannedTrack[] {
  const track = (kind: MediaKind, p: VisibleParticipant): PlannedTrack => ({ kind, participant: p.id, msidStream: p.id, trackId: `${TRACK_ID_PREFIX[kind]}${p.id}` });
  const audio = visible.filter((p) => p.kinds.includes('audio'));
  const video = visible.filter((p) => p.kinds.includes('video'));
  if (maxVideoTracks < 0) return visible.flatMap((p) => VIDEO_FIRST.filter((kind) => p.kinds.includes(kind)).map((kind) => track(kind, p)));
  const slots = Array.from({ length: Math.min(maxVideoTracks, video.length) }, (_, i): PlannedTrack => ({
    kind: 'video',
    participant: '',
    msidStream: roomId,
    trackId: `${TRACK_ID_PREFIX.video}${VIDEO_TRACK_LABEL_PREFIX}${i}`,
  }));
  return [...slots, ...audio.map((p) => track('audio', p))];
}

export class RoomViewerPeer {
  private readonly pc: RTCPeerConnection;
  /** Live (not stopped) transceivers by track id. */
  private readonly tracks = new Map<string, { plan: PlannedTrack; transceiver: RTCRtpTransceiver }>();
  private participants = new Map<string, StreamRelay>();
  private leg: RoomLeg | undefined;
  private egress: WeriftEgress | undefined;
  /** SSRCs of tracks the viewer has accepted (in an applied answer). */
  private accepted = new Set<number>();
  private stopRtcp: (() => void) | undefined;
  private readonly dataChannels: DataChannelBinding[] = [];
  private readonly untrack: () => void;
  private closed = false;

  constructor(
    private readonly roomId: string,
    private readonly deps: RoomViewerDeps,
    private readonly events: RoomViewerPeerEvents,
  ) {
    this.pc = new RTCPeerConnection(weriftPeerConfig(deps.config, deps.videoCodec ? [deps.videoCodec] : undefined));
    this.untrack = deps.tracker.track(this.pc);
    wireIceEvents(this.pc, { ...events, connected: () => this.onConnected() });
    if (deps.config.dataChannel.enabled) {
      this.bindData(this.pc.createDataChannel(roomId, { ordered: true }));
      this.pc.onDataChannel.subscribe((channel) => this.bindData(channel));
    }
  }

  /** The leg in the relay once connected (down-tracks, slots), for statistics and tests. */
  get roomLeg(): RoomLeg | undefined {
    return this.leg;
  }

  /**
   * Sets who is visible and the video cap (-1 = none); returns whether the
   * m-lines change (a new offer is then due).
   */
  plan(visible: VisibleParticipant[], maxVideoTracks: number): boolean {
    this.participants = new Map(visible.map((p) => [p.id, p.relay]));
    const wanted = plannedTracks(this.roomId, visible, maxVideoTracks);
    let changed = false;
    const wantedIds = new Set(wanted.map((t) => t.trackId));
    const keptInactive = this.inactiveOnRetire();
    for (const [trackId, { plan, transceiver }] of this.tracks) {
      if (wantedIds.has(trackId)) continue;
      this.retire(transceiver, keptInactive(plan, transceiver));
      this.tracks.delete(trackId);
      changed = true;
    }
    for (const plan of wanted) {
      if (this.tracks.has(plan.trackId)) continue;
      const transceiver = this.pc.addTransceiver(plan.kind, { direction: 'sendonly' });
      // a=msid:<stream> <track> is built from these two sender fields (werift keeps trackId writable).
      transceiver.sender.streamId = plan.msidStream;
      (transceiver.sender as { trackId: string }).trackId = plan.trackId;
      this.tracks.set(plan.trackId, { plan, transceiver });
      changed = true;
    }
    // Tracks that went away stop at once; new ones start once the answer is in.
    this.applyLayout(true);
    return changed;
  }

  async offer(): Promise<ServerOffer> {
    const offer = await this.pc.createOffer();
    skipImplicitStun(this.pc, this.deps.config);
    await this.pc.setLocalDescription(offer);
    const idMapping: Record<string, string> = {};
    for (const { transceiver } of this.tracks.values()) {
      if (transceiver.mid !== undefined && transceiver.mid !== null) idMapping[transceiver.mid] = transceiver.sender.trackId;
    }
    return { sdp: this.pc.localDescription?.sdp ?? offer.sdp, idMapping };
  }

  async acceptAnswer(answerSdp: string): Promise<void> {
    await this.pc.setRemoteDescription({ type: 'answer', sdp: answerSdp });
    this.accepted = new Set([...this.tracks.values()].map(({ transceiver }) => transceiver.sender.ssrc));
    this.applyLayout(false);
  }

  addRemoteCandidate(candidate: RemoteCandidate): Promise<void> {
    return addRemoteCandidate(this.pc, candidate);
  }

  /** Pins a participant to a capped video slot (undefined = any), or releases it. */
  pin(participant: string, slot: number | undefined, enabled: boolean): void {
    if (!this.leg) return;
    if (enabled) this.leg.pin(participant, slot);
    else this.leg.unpin(participant);
  }

  /** Stops or resumes sending one participant's `kind` (enableTrack, toggleVideo, toggleAudio). */
  setParticipantEnabled(participant: string, kind: MediaKind, enabled: boolean): void {
    this.leg?.setParticipantEnabled(participant, kind, enabled);
  }

  /** Capped video slots go to a page of the participants (updateVideoTrackAssignmentsCommand). */
  showPage(offset: number, size: number): void {
    this.leg?.showPage(offset, size);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.stopRtcp?.();
    for (const binding of this.dataChannels) binding.dispose();
    this.leg?.close();
    this.untrack();
    void this.pc.close().catch(() => undefined);
  }

  /**
   * Ends a track's m-line: stopped (port 0), unless it belongs to whoever
   * holds the BUNDLE tag. Browsers tie the bundled transport to the tagged
   * m-line: an offer that rejects it moves the tag, and Chrome and Firefox
   * both answer that by starting a new ICE and DTLS transport, which this
   * peer's one transport never joins, so the whole room play failed when the
   * participant on that m-line left. The tag stays in the group, inactive
   * and unused, instead; so does the rest of its holder's m-lines, or the
   * next participant's audio would recycle one before its video and reach
   * the browser first.
   */
  private retire(transceiver: RTCRtpTransceiver, keepInactive: boolean): void {
    if (keepInactive) transceiver.setDirection('inactive');
    else transceiver.stop();
  }

  /**
   * Which m-lines stay inactive when they go away: the first mid of our last
   * offer's BUNDLE group (the browser keeps it as the tag) and the other
   * m-lines of the participant it carries.
   */
  private inactiveOnRetire(): (plan: PlannedTrack, transceiver: RTCRtpTransceiver) => boolean {
    const tag = /^a=group:BUNDLE (\S+)/m.exec(this.pc.localDescription?.sdp ?? '')?.[1];
    let holder = '';
    for (const { plan, transceiver } of this.tracks.values()) if (transceiver.mid === tag) holder = plan.participant;
    return (plan, transceiver) => transceiver.mid === tag || (holder !== '' && plan.participant === holder);
  }

  /**
   * Hands the relay leg the tracks to feed. `removalsOnly` (before an offer)
   * drops tracks that went away but starts none that the viewer has not yet accepted.
   */
  private applyLayout(removalsOnly: boolean): void {
    const egress = this.egress;
    if (!this.leg || !egress) return;
    const include = (transceiver: RTCRtpTransceiver): boolean => !removalsOnly || this.accepted.has(transceiver.sender.ssrc);
    const binding = (transceiver: RTCRtpTransceiver, kind: MediaKind): RoomBinding => ({
      ssrc: transceiver.sender.ssrc,
      payloadType: transceiver.sender.codec?.payloadType ?? DEFAULT_PAYLOAD_TYPE[kind],
      egress,
    });
    const audio = new Map<string, RoomBinding>();
    const perParticipant = new Map<string, RoomBinding>();
    const slots: RoomBinding[] = [];
    let capped = false;
    for (const { plan, transceiver } of this.tracks.values()) {
      if (transceiver.mid === undefined || transceiver.mid === null || !include(transceiver)) continue;
      if (plan.kind === 'audio') audio.set(plan.participant, binding(transceiver, 'audio'));
      else if (plan.participant !== '') perParticipant.set(plan.participant, binding(transceiver, 'video'));
      else {
        capped = true;
        slots.push(binding(transceiver, 'video'));
      }
    }
    const layout: RoomLayout = { audio, video: capped ? { mode: 'slots', tracks: slots } : { mode: 'perParticipant', tracks: perParticipant } };
    this.leg.setLayout(layout);
  }

  private bindData(channel: RTCDataChannel): void {
    const binding = bindDataChannel(channel, {
      attached: (endpoint) => this.events.dataAttached(endpoint),
      message: (endpoint, message) => this.events.dataMessage(endpoint, message),
      closed: (endpoint) => this.events.dataClosed(endpoint),
    });
    this.dataChannels.push({ endpoint: binding.endpoint, dispose: () => (binding.dispose(), this.events.dataClosed(binding.endpoint)) });
  }

  private onConnected(): void {
    const dtls = this.pc.dtlsTransports[0];
    if (this.closed || this.leg || !dtls) return;
    this.egress = new WeriftEgress(dtls);
    const { config, clock } = this.deps;
    const leg = new RoomLeg({
      clock,
      tuning: config.relay,
      tickMs: config.rooms.tickMs,
      speakerHoldMs: config.rooms.speakerHoldMs,
      speakerMarginLevels: config.rooms.speakerMarginLevels,
      participants: () => this.participants,
      tracksEnabledByDefault: this.deps.tracksEnabledByDefault,
      assignmentsChanged: (slots, pinned) => this.events.assignmentsChanged(slots, pinned),
    });
    this.leg = leg;
    this.stopRtcp = onRawRtcp(dtls, (packet) => leg.handleRtcp(packet));
    this.applyLayout(false);
    this.events.connected();
  }
}
