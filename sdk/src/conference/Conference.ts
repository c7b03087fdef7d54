/**
 * A conference room in Ant Media's multitrack model (antmedia-protocol.md
 * §4.4.5): we publish once with `mainTrack = roomId` and play the room once
 * (with `userPublishId`, so our own tracks are left out). Every other
 * participant arrives on that one play connection; the server renegotiates
 * it when people join or leave, and the Player answers each offer. The Roster
 * turns the tracks into one MediaStream per participant; names and
 * microphone/camera state travel in each stream's metaData.
 */
import { QUALITY_CONFIRM_TIMEOUT_MS } from '../core/defaults.js';
import { deferred, type WaitOptions } from '../core/deferred.js';
import { Emitter, type Unsubscribe } from '../core/emitter.js';
import { RelayError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { Scheduler } from '../core/scheduler.js';
import type { DataMessage, DataPayload } from '../data/DataChannel.js';
import { LocalMedia } from '../media/LocalMedia.js';
import type { Player, PlayOptions } from '../Player.js';
import { DataChannelEventType, Notification, parseDataChannelEvent, type ServerMessage, type VideoTrackAssignment } from '../protocol/index.js';
import type { Publisher, PublishOptions, PublishSource } from '../Publisher.js';
import type { ReconnectingInfo } from '../session/StreamSession.js';
import { ParticipantList } from './participantList.js';
import { applyState, encodeMetaData, parseBroadcast, stateFromStatusEvent, type MediaState } from './participantState.js';
import { PausedParticipants, setVideoPage } from './roomPlayControls.js';
import type { RoomRequests } from './RoomRequests.js';
import { Roster } from './Roster.js';
import { SpeakerDetector } from './speakerDetector.js';

export type ConferenceState = 'idle' | 'joining' | 'joined' | 'reconnecting' | 'left' | 'failed';

export interface Participant extends MediaState {
  readonly id: string;
  /** The name they published under (their id until the server tells it). */
  name: string;
  /** Their audio and, while the server sends it to us, their video: one stream for their whole stay. */
  readonly stream: MediaStream;
  /** False while the server's video cap leaves their video out. */
  hasVideo: boolean;
  /** We pinned them (pin()). */
  pinned: boolean;
  /** Their metaData fields (our isMicMuted/isCameraOff among them). */
  metaData: Record<string, unknown>;
}

export interface ConferenceEvents {
  state: ConferenceState;
  error: RelayError;
  participantJoined: Participant;
  participantLeft: Participant;
  /** Name, microphone, camera, video or pin changed. */
  participantUpdated: Participant;
  /** Who is speaking now (the loudest participant we hear), or null after a quiet spell. */
  activeSpeaker: string | null;
  /** Which participant each capped video slot shows. */
  videoAssignments: VideoTrackAssignment[];
  /** A message another participant sent to the room. */
  message: DataMessage;
  reconnecting: ReconnectingInfo;
  reconnected: undefined;
}

export interface ConferenceOptions extends WaitOptions {
  /** Our participant stream id (default: a random one). */
  streamId?: string;
  /** The name the others see (the stream's name). */
  name?: string;
  /** The most participants' videos to receive at once (-1 = all; the server's default when absent). */
  maxVideoTracks?: number;
  token?: string;
  /** Extra fields for our metaData, beside the microphone and camera state. */
  metaData?: Record<string, unknown>;
  /** How our media is sent (simulcast, codec, bitrate cap). */
  publish?: Pick<PublishOptions, 'simulcast' | 'videoCodec' | 'maxBitrateKbps' | 'degradationPreference'>;
}

/** What a Conference needs from its RelayClient. */
export interface ConferenceHost {
  readonly rooms: RoomRequests;
  readonly logger: Logger;
  readonly scheduler: Scheduler;
  publish(streamId: string, source: PublishSource, options: PublishOptions): Promise<Publisher>;
  play(streamId: string, options: PlayOptions): Promise<Player>;
  onMessage(listener: (message: ServerMessage) => void): Unsubscribe;
}

type Notice = ServerMessage & { command: 'notification' };

export class Conference {
  readonly roomId: string;
  /** Our own participant stream id. */
  readonly streamId: string;
  readonly media: LocalMedia | undefined;
  private readonly source: PublishSource;
  private readonly events: Emitter<ConferenceEvents>;
  private readonly logger: Logger;
  private readonly roster: Roster;
  private readonly people: ParticipantList;
  private stateValue: ConferenceState = 'idle';
  private publisherValue: Publisher | undefined;
  private playerValue: Player | undefined;
  private wiring: Unsubscribe[] = [];
  private speaker: string | null = null;
  private readonly speakers: SpeakerDetector;
  private pinnedId: string | null = null;
  private readonly paused = new PausedParticipants();
  private published: MediaState;

  /** @internal Created by RelayClient.joinConference(). */
  constructor(
    private readonly host: ConferenceHost,
    roomId: string,
    source: PublishSource,
    private readonly options: ConferenceOptions = {},
  ) {
    this.roomId = roomId;
    this.streamId = options.streamId ?? `${roomId}-${Math.random().toString(36).slice(2, 10)}`;
    this.source = source;
    this.media = source instanceof LocalMedia ? source : undefined;
    this.logger = host.logger.child(`conference:${roomId}`);
    this.events = new Emitter((error, name) => this.logger.error(`listener of '${name}' threw`, error));
    this.roster = new Roster([roomId, this.streamId], () => new MediaStream());
    this.published = this.localState();
    this.people = new ParticipantList(
      (event, participant) => this.events.safeEmit(event, participant),
      (id) =>
        this.host.rooms.getBroadcastObject(id).then(
          (b) => this.people.describe(b.streamId, b.name, b.metaData),
          (error: unknown) => this.logger.debug(`no details for '${id}'`, error),
        ),
      () => this.pinnedId,
    );
    this.media?.on('change', () => this.publishState());
    this.speakers = new SpeakerDetector(host.scheduler, {
      wanted: () => this.events.listenerCount('activeSpeaker') > 0,
      report: () => this.playerValue?.getStats(),
      owner: (trackId) => this.participants.filter((p) => p.stream.getTracks().some((t) => t.id === trackId))[0]?.id,
      changed: (speaker) => {
        this.speaker = speaker;
        this.events.safeEmit('activeSpeaker', speaker);
      },
    });
  }

  get state(): ConferenceState {
    return this.stateValue;
  }

  /** Everyone else in the room now. */
  get participants(): Participant[] {
    return this.people.all;
  }

  get activeSpeaker(): string | null {
    return this.speaker;
  }

  /** Our publish (stats, bandwidth); undefined while not joined. */
  get publisher(): Publisher | undefined {
    return this.publisherValue;
  }

  /** Our play of the room (stats of what we receive); undefined while not joined. */
  get player(): Player | undefined {
    return this.playerValue;
  }

  on<K extends keyof ConferenceEvents>(name: K, listener: (payload: ConferenceEvents[K]) => void): Unsubscribe {
    return this.events.on(name, listener);
  }

  /** Publishes into the room, then plays it; resolves once both are live. Again after leave() to rejoin. */
  async join(wait: WaitOptions = this.options): Promise<void> {
    if (this.stateValue === 'joining' || this.stateValue === 'joined' || this.stateValue === 'reconnecting') return;
    this.setState('joining');
    this.wiring.push(this.host.onMessage((message) => this.handleServerMessage(message)));
    const { name, token, maxVideoTracks } = this.options;
    const deadline: WaitOptions = { timeoutMs: wait.timeoutMs, signal: wait.signal };
    try {
      this.published = this.localState();
      const publisher = await this.host.publish(this.streamId, this.source, {
        ...this.options.publish,
        ...deadline,
        mainTrack: this.roomId,
        metaData: encodeMetaData(this.published, this.options.metaData),
        ...(name === undefined ? {} : { streamName: name }),
        ...(token === undefined ? {} : { token }),
      });
      this.publisherValue = publisher;
      this.follow(publisher);
      const player = await this.host.play(this.roomId, {
        ...deadline,
        room: this.roomId,
        userPublishId: this.streamId,
        ...(token === undefined ? {} : { token }),
        ...(maxVideoTracks === undefined ? {} : { maxVideoTrackCount: maxVideoTracks }),
      });
      this.playerValue = player;
      this.follow(player);
      this.watchRoom(player);
      this.speakers.start();
      this.setState('joined');
    } catch (error) {
      await this.teardown();
      this.setState('failed');
      throw error;
    }
  }

  /** Stops our publish and our play of the room; everyone else is reported as left. */
  async leave(): Promise<void> {
    if (this.stateValue === 'idle' || this.stateValue === 'left') return;
    await this.teardown();
    this.setState('left');
  }

  /**
   * Asks the server to keep this participant's video in one of our slots
   * (`assignVideoTrackCommand`), or releases the pin with null. Where video is
   * capped it resolves once the server's assignment shows the pin.
   */
  async pin(participantId: string | null, wait: WaitOptions = {}): Promise<void> {
    const previous = this.pinnedId;
    if (previous === participantId) return;
    if (previous) this.host.rooms.assignVideoTrack(previous, undefined, false);
    this.pinnedId = participantId;
    this.people.markPinned(previous, false);
    if (!participantId) return;
    this.people.markPinned(participantId, true);
    const assigned = this.roster.capped ? this.waitForAssignment((list) => list.some((a) => a.reserved && a.trackId === participantId), wait) : undefined;
    this.host.rooms.assignVideoTrack(participantId, undefined, true);
    await assigned;
  }

  /** Receives at most `count` participants' videos (-1 = all); resolves on the server's renegotiation (or after a short wait). */
  async setMaxVideoTracks(count: number): Promise<void> {
    if (!Number.isInteger(count) || count < -1) throw new TypeError('setMaxVideoTracks() takes an integer of -1 (all) or more');
    const player = this.playerValue;
    if (!player) throw new RelayError('NOT_CONNECTED', 'Join the conference first');
    const renegotiated = deferred<void>(this.host.scheduler, 'the renegotiation', { timeoutMs: QUALITY_CONFIRM_TIMEOUT_MS });
    const off = player.on('negotiated', () => renegotiated.resolve());
    this.host.rooms.setMaxVideoTrackCount(this.roomId, count);
    await renegotiated.promise.catch(() => undefined);
    off();
  }

  /** Stops (false) or resumes (true) receiving a participant's audio and video (`enableTrack`), also after a re-play; resolves once sent. */
  setReceiving(participantId: string, receiving: boolean): Promise<void> {
    return this.paused.set(this.host.rooms, this.playerValue ? this.roomId : undefined, participantId, receiving);
  }

  /** With capped video, fills our slots with the participants from `offset` (join order), `size` of them; resolves once sent. */
  setVideoPage(offset: number, size: number): Promise<void> {
    return setVideoPage(this.host.rooms, this.playerValue ? this.roomId : undefined, offset, size);
  }

  /** Sends text, JSON text or binary to everyone else in the room. */
  send(payload: DataPayload): Promise<void> {
    const session = this.publisherValue && this.publisherValue.dataChannelOpen ? this.publisherValue : this.playerValue;
    if (!session) return Promise.reject(new RelayError('DATA_CHANNEL_NOT_OPEN', 'Join the conference first'));
    return session.send(payload);
  }

  sendJSON(value: unknown): Promise<void> {
    return this.send(JSON.stringify(value));
  }

  /** The RTCStatsReport of what we receive (every participant's inbound-rtp). */
  getStats(): Promise<RTCStatsReport> {
    if (!this.playerValue) return Promise.reject(new RelayError('NOT_CONNECTED', 'Join the conference first'));
    return this.playerValue.getStats();
  }

  // --- internals ---------------------------------------------------------------

  private setState(state: ConferenceState): void {
    if (state === this.stateValue) return;
    this.stateValue = state;
    this.events.safeEmit('state', state);
  }

  private localState(): MediaState {
    return { microphoneMuted: this.media ? this.media.microphoneMuted : false, cameraOff: this.media ? this.media.cameraOff : false };
  }

  /** Our microphone or camera changed: the others learn it from our metaData. */
  private publishState(): void {
    const state = this.localState();
    if (state.microphoneMuted === this.published.microphoneMuted && state.cameraOff === this.published.cameraOff) return;
    this.published = state;
    this.publisherValue?.updateMetaData(encodeMetaData(state, this.options.metaData));
  }

  /** Errors, failures and reconnections of our publish or play are the conference's. */
  private follow(session: Publisher | Player): void {
    const on = session.on.bind(session) as <K extends 'error' | 'state' | 'reconnecting' | 'reconnected'>(name: K, fn: (p: never) => void) => Unsubscribe;
    this.wiring.push(
      on('error', (error: RelayError) => this.events.safeEmit('error', error)),
      on('reconnecting', (info: ReconnectingInfo) => {
        this.setState('reconnecting');
        this.events.safeEmit('reconnecting', info);
      }),
      on('reconnected', () => {
        this.setState('joined');
        this.events.safeEmit('reconnected');
      }),
      on('state', (state: string) => {
        if (state !== 'failed' && state !== 'ended') return;
        this.events.safeEmit('error', new RelayError('STREAM_ENDED', `The conference '${this.roomId}' ended: our ${session === this.playerValue ? 'play' : 'publish'} ${state}`));
        void this.teardown().then(() => this.setState('failed'));
      }),
    );
  }

  /** Tracks, offers and data-channel events of our play of the room. */
  private watchRoom(player: Player): void {
    for (const remote of player.remoteTracks) this.people.apply(this.roster.track(remote.mid, remote.track));
    if (player.negotiation) this.people.apply(this.roster.negotiated(player.negotiation.idMapping, player.negotiation.mids));
    this.wiring.push(
      player.on('track', (remote) => this.people.apply(this.roster.track(remote.mid, remote.track))),
      player.on('negotiated', (info) => this.people.apply(this.roster.negotiated(info.idMapping, info.mids))),
      player.on('message', (message) => this.handleData(message)),
      player.on('reconnected', () => this.paused.pauseAgain(this.host.rooms, this.roomId, (id) => this.people.has(id))),
    );
    // Assignments sent before we were listening: ask once.
    if (this.roster.capped) {
      this.host.rooms.getVideoTrackAssignments(this.roomId).then((list) => this.assigned(list), (error: unknown) => this.logger.debug('no assignments', error));
    }
  }

  private handleServerMessage(message: ServerMessage): void {
    if (message.command !== 'notification') return;
    const notice = message as Notice & { trackId?: string; payload?: unknown; broadcast?: unknown };
    const inRoom = notice.streamId === this.roomId;
    switch (notice.definition) {
      case Notification.subtrackAdded:
        if (inRoom && notice.trackId) this.people.apply(this.roster.subtrackAdded(notice.trackId));
        return;
      case Notification.subtrackRemoved:
        if (inRoom && notice.trackId) this.people.apply(this.roster.subtrackRemoved(notice.trackId));
        return;
      case Notification.videoTrackAssignmentList:
        if (inRoom && Array.isArray(notice.payload)) this.assigned(notice.payload as VideoTrackAssignment[]);
        return;
      case Notification.broadcastObject: {
        const broadcast = parseBroadcast(notice.broadcast);
        if (broadcast) this.people.describe(broadcast.streamId, broadcast.name, broadcast.metaData);
        return;
      }
      default:
    }
  }

  private handleData(message: DataMessage): void {
    const event = typeof message.data === 'string' ? parseDataChannelEvent(message.data) : undefined;
    if (!event) return this.events.safeEmit('message', message);
    if (event.eventType === DataChannelEventType.videoTrackAssignmentList) this.assigned(event.payload);
    else if (event.eventType === DataChannelEventType.updateStatus) {
      const who = this.people.get(typeof event.payload.streamId === 'string' ? event.payload.streamId : event.streamId);
      if (who && applyState(who, stateFromStatusEvent(event, who))) this.events.safeEmit('participantUpdated', who);
    }
  }

  private assigned(list: VideoTrackAssignment[]): void {
    this.people.apply(this.roster.assigned(list));
    this.events.safeEmit('videoAssignments', list);
  }

  private waitForAssignment(accept: (list: VideoTrackAssignment[]) => boolean, wait: WaitOptions): Promise<void> {
    const done = deferred<void>(this.host.scheduler, 'the video assignment', { timeoutMs: wait.timeoutMs ?? QUALITY_CONFIRM_TIMEOUT_MS, signal: wait.signal });
    const off = this.events.on('videoAssignments', (list) => accept(list) && done.resolve());
    done.promise.then(off, off);
    return done.promise;
  }

  private async teardown(): Promise<void> {
    for (const off of this.wiring.splice(0)) off();
    this.speakers.stop();
    const publisher = this.publisherValue;
    const player = this.playerValue;
    this.publisherValue = this.playerValue = undefined;
    this.people.apply(this.roster.clear());
    this.paused.clear();
    this.pinnedId = null;
    await Promise.all([player?.stop(), publisher?.stop()]);
  }
}
