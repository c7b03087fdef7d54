/**
 * One room this socket plays (antmedia-protocol.md §4.4.5): one server offer
 * covering every visible participant, and a new offer on the same streamId
 * whenever one joins or leaves (after `subtrackAdded`/`subtrackRemoved` and
 * TRACK_LIST_UPDATED on the data channel). Offers never overlap: a change
 * during a negotiation is folded into the next offer once the answer is in.
 */
import {
  ErrorDefinition,
  Notification,
  VIDEO_TRACK_LABEL_PREFIX,
  broadcastObjectNotification,
  errorMessage,
  notificationMessage,
  subtrackChangeNotification,
  takeCandidateMessage,
  takeConfigurationMessage,
  trackListUpdatedEvent,
  videoTrackAssignmentListEvent,
  type VideoTrackAssignment,
} from 'relayrtc/protocol';
import type { MediaKind } from '../relay/sourceTrack.js';
import type { LiveStream } from '../streams/liveStream.js';
import type { RemoteCandidate } from '../streams/peerSignals.js';
import type { Room } from '../streams/room.js';
import { RoomDataLink } from '../streams/roomDataLink.js';
import { RoomViewerPeer, type VisibleParticipant } from '../streams/roomViewerPeer.js';
import { broadcastInfo } from './broadcastInfo.js';
import { CandidateGate } from './candidateGate.js';
import type { SignalingSession } from './signalingSession.js';

export interface RoomPlayOptions {
  /** The player's own participant stream (userPublishId): never sent back to it. */
  ownId: string | undefined;
  /** Participants the player asked not to get (`!id` in trackList). */
  excluded: ReadonlySet<string>;
  /** The only participants the player asked to get (plain ids in trackList); undefined = everyone. */
  included: ReadonlySet<string> | undefined;
  /** disableTracksByDefault: every participant's media waits for an enableTrack. */
  tracksDisabledByDefault: boolean;
  /** Video tracks at most (-1 = one per participant). */
  maxVideoTrackCount: number;
}

export class RoomPlaySession {
  readonly startedAt = Date.now();
  private readonly peer: RoomViewerPeer;
  private readonly data: RoomDataLink;
  private readonly stopListening: () => void;
  private maxVideoTrackCount: number;
  private stopped = false;
  private started = false;
  /** An offer is out and its answer not yet in. */
  private negotiating = false;
  /** The room changed while negotiating: offer again after the answer. */
  private dirty = false;
  private assignments: VideoTrackAssignment[] = [];
  private negotiatedOnce = false;
  private readonly candidates = new CandidateGate((c) =>
    this.session.send(takeCandidateMessage(this.streamId, c.sdpMLineIndex, c.sdpMid, c.candidate)),
  );

  constructor(
    private readonly session: SignalingSession,
    readonly room: Room,
    private readonly options: RoomPlayOptions,
  ) {
    const { ctx } = session;
    this.maxVideoTrackCount = options.maxVideoTrackCount;
    this.data = new RoomDataLink(() => (options.ownId === undefined ? undefined : room.participant(options.ownId)));
    const videoCodec = room.participants.find((p) => p.videoCodec)?.videoCodec;
    const deps = { config: ctx.config, clock: ctx.clock, tracker: ctx.peers, videoCodec, tracksEnabledByDefault: !options.tracksDisabledByDefault };
    this.peer = new RoomViewerPeer(room.roomId, deps, {
      candidate: (c) => this.candidates.push(c),
      connected: () => {
        if (this.stopped || this.started) return;
        this.started = true;
        this.session.send(notificationMessage(Notification.playStarted, this.streamId));
      },
      failed: (reason) => {
        ctx.log.info('room player connection failed', { room: this.streamId, reason });
        this.stop();
      },
      assignmentsChanged: (slots, pinned) => this.assignmentsChanged(slots, pinned),
      dataAttached: (endpoint) => {
        this.data.addEndpoint(endpoint, this.visibleStreams());
        // The slots may have been filled before the channel opened: tell this channel who holds them.
        if (this.assignments.length > 0) endpoint.send(JSON.stringify(videoTrackAssignmentListEvent(this.streamId, this.videoTrackAssignments)));
      },
      dataMessage: (_endpoint, message) => this.data.fromPlayer(message),
      dataClosed: (endpoint) => this.data.removeEndpoint(endpoint),
    });
    this.stopListening = room.listen({
      joined: (stream) => this.participantChanged(stream, 'added'),
      left: (stream) => this.participantChanged(stream, 'removed'),
      updated: (stream) => {
        if (this.isVisible(stream)) this.session.send(broadcastObjectNotification(broadcastInfo(stream)));
      },
    });
    room.players.add(this);
  }

  get streamId(): string {
    return this.room.roomId;
  }

  get owner(): SignalingSession {
    return this.session;
  }

  /** The participants this player is sent, in join order. */
  get visibleIds(): string[] {
    return this.visibleStreams().map((s) => s.streamId);
  }

  /** The current capped-slot assignment (empty when uncapped). */
  get videoTrackAssignments(): VideoTrackAssignment[] {
    return this.assignments.map((a) => ({ ...a }));
  }

  async start(): Promise<void> {
    for (const stream of this.visibleStreams()) stream.relay.source('video')?.requestKeyframe();
    await this.negotiate();
  }

  async acceptAnswer(answerSdp: string): Promise<void> {
    try {
      await this.peer.acceptAnswer(answerSdp);
    } catch (error) {
      this.session.send(errorMessage(ErrorDefinition.notSetRemoteDescription, this.streamId, String(error)));
      this.stop();
      return;
    }
    this.negotiating = false;
    if (this.dirty) await this.negotiate();
  }

  addCandidate(candidate: RemoteCandidate): Promise<void> {
    return this.peer.addRemoteCandidate(candidate);
  }

  /** setMaxVideoTrackCountCommand: a new cap renegotiates the video m-lines. */
  async setMaxVideoTrackCount(count: number): Promise<void> {
    if (count === this.maxVideoTrackCount) return;
    this.maxVideoTrackCount = count;
    await this.negotiate();
  }

  /** assignVideoTrackCommand: pins `participant` to slot `videoTrackId` (videoTrackN), or releases it. */
  pin(participant: string, videoTrackId: string | undefined, enabled: boolean): boolean {
    if (!this.visibleIds.includes(participant)) return false;
    const slot = videoTrackId?.startsWith(VIDEO_TRACK_LABEL_PREFIX) ? Number(videoTrackId.slice(VIDEO_TRACK_LABEL_PREFIX.length)) : undefined;
    this.peer.pin(participant, Number.isInteger(slot) ? slot : undefined, enabled);
    return true;
  }

  /**
   * enableTrack / toggleVideo / toggleAudio: stops or resumes sending `participant`'s `kinds`.
   * False before the play has started (its connection is not up yet).
   */
  setParticipantEnabled(participant: string, kinds: readonly MediaKind[], enabled: boolean): boolean {
    if (!this.started) return false;
    for (const kind of kinds) this.peer.setParticipantEnabled(participant, kind, enabled);
    return true;
  }

  /** updateVideoTrackAssignmentsCommand: the capped slots go to the participants from `offset`, `size` of them. */
  showPage(offset: number, size: number): boolean {
    if (!this.started) return false;
    this.peer.showPage(offset, size);
    return true;
  }

  /** Test impairments (relayTestKnob): a bandwidth cap on the whole connection, shared among its video tiles. */
  impair(knob: { dropEveryNthVideoPacket?: number; bandwidthCap?: number }): void {
    this.peer.roomLeg?.leg.impair(knob);
  }

  /** Frees the peer and tells the player. Idempotent. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.stopListening();
    this.data.close();
    this.peer.close();
    this.room.players.delete(this);
    this.session.ctx.registry.rooms.release(this.room);
    this.session.forgetRoomPlay(this);
    this.session.send(notificationMessage(Notification.playFinished, this.streamId));
  }

  private visibleStreams(): LiveStream[] {
    return this.room.participants.filter((stream) => this.isVisible(stream));
  }

  private isVisible(stream: LiveStream): boolean {
    const { ownId, excluded, included } = this.options;
    return stream.streamId !== ownId && !excluded.has(stream.streamId) && (included === undefined || included.has(stream.streamId));
  }

  private participantChanged(stream: LiveStream, change: 'added' | 'removed'): void {
    if (this.stopped || !this.isVisible(stream)) return;
    if (change === 'added') this.data.participantJoined(stream);
    else this.data.participantLeft(stream);
    this.session.send(subtrackChangeNotification(change, this.streamId, stream.streamId));
    this.data.send(JSON.stringify(trackListUpdatedEvent(this.streamId)));
    void this.negotiate();
  }

  /** Plans the m-lines for who is visible now and sends the offer, unless one is out already. */
  private async negotiate(): Promise<void> {
    if (this.stopped) return;
    if (this.negotiating) {
      this.dirty = true;
      return;
    }
    this.dirty = false;
    const visible: VisibleParticipant[] = this.visibleStreams().map((s) => ({ id: s.streamId, kinds: s.kinds, relay: s.relay }));
    const changed = this.peer.plan(visible, this.maxVideoTrackCount);
    // The first offer goes out even for an empty room (just the data channel); later ones only on change.
    if (!changed && this.negotiatedOnce) return;
    this.negotiatedOnce = true;
    this.negotiating = true;
    try {
      const offer = await this.peer.offer();
      if (this.stopped) return;
      this.session.send(takeConfigurationMessage(this.streamId, 'offer', offer.sdp, offer.idMapping));
      this.candidates.open();
    } catch (error) {
      if (this.stopped || this.session.isClosed) return;
      this.session.ctx.log.error('could not create a room offer', { room: this.streamId, error: String(error) });
      this.session.send(errorMessage(ErrorDefinition.notSetLocalDescription, this.streamId, String(error)));
      this.stop();
    }
  }

  private assignmentsChanged(slots: string[], pinned: boolean[]): void {
    this.assignments = slots.map((trackId, i) => ({ videoLabel: `${VIDEO_TRACK_LABEL_PREFIX}${i}`, trackId, reserved: pinned[i] ?? false }));
    this.data.send(JSON.stringify(videoTrackAssignmentListEvent(this.streamId, this.videoTrackAssignments)));
  }
}
