/**
 * Receives one stream from the server and shows it in an optional element.
 * Flow (antmedia-protocol.md §4.4.2, the server offers):
 * play → offer (with idMapping) → answer → candidates → notification play_started;
 * play_finished when the publisher stops.
 */
import type { WaitOptions } from './core/deferred.js';
import { RelayError } from './core/errors.js';
import { attachStream, type AttachResult, type MediaElementLike } from './media/attachStream.js';
import type { PeerSession, RemoteTrack } from './peer/PeerSession.js';
import { offerMids, type OfferMid } from './peer/sdpMids.js';
import {
  Notification,
  playCommand,
  takeConfigurationCommand,
  type ClientMessage,
  type ServerMessage,
  type StreamInfoEntry,
} from './protocol/index.js';
import { definedOnly, forceStreamQuality, getStreamInfo, toggleMedia } from './session/requests.js';
import type { SessionContext, SessionMessage, SessionOptions } from './session/SessionContext.js';
import { assertNever, StreamSession, type SessionEvents } from './session/StreamSession.js';
import { StreamWaiter } from './session/StreamWaiter.js';

/** How long play() waits after play_started for the offered data channel to open. */
const DATA_OPEN_WAIT_MS = 2000;

/**
 * A refusal a waiting player rides out: the stream is still not live, or the server is too busy to take a
 * new play right now (it checks for the stream first, so that refusal comes just as the stream starts).
 */
function stillToCome(error: unknown): boolean {
  return error instanceof RelayError && (error.code === 'NO_STREAM_EXIST' || error.code === 'HIGH_RESOURCE_USAGE');
}

/** 'waiting': the stream is not live yet and the player will start when it is (`waitForStream`). */
export type PlayerState = 'connecting' | 'waiting' | 'playing' | 'reconnecting' | 'ended' | 'stopped' | 'failed';

export interface PlayerEvents extends SessionEvents<PlayerState> {
  /** The publisher stopped (notification play_finished). */
  ended: undefined;
  /** A remote track arrived; `stream` is the player's stream. */
  track: RemoteTrack;
  /** How the element took the stream: 'playing-muted' means autoplay needed muting. */
  attached: AttachResult;
  /** Waiting for the stream (`waitForStream`): about to ask the server again whether it is live. */
  waitRetry: undefined;
  /** The server switched layers (`resolutionChangeInfo`): the new height. */
  resolutionChange: number;
  /** An offer (the first or a renegotiation) was answered: its idMapping and its m-lines. */
  negotiated: NegotiatedInfo;
}

export interface NegotiatedInfo {
  idMapping: Record<string, string>;
  /** The offer's m-lines by mid, with whether each still carries media. */
  mids: OfferMid[];
}

export interface PlayOptions extends SessionOptions {
  /** Element that shows the stream (muted autoplay is the fallback when unmuted play() is refused). */
  video?: MediaElementLike | null;
  /** Play token, when the server requires one. */
  token?: string;
  subscriberId?: string;
  subscriberCode?: string;
  /** Room (main track) this play belongs to. */
  room?: string;
  /** Our own publish id in that room: the server leaves our tracks out. */
  userPublishId?: string;
  /** In a room: the most participants' videos to receive at once (-1 = all; the server's default when absent). */
  maxVideoTrackCount?: number;
  /** In a room: the participants to receive (their ids), or `!id` for one to leave out. */
  trackList?: string[];
  /** In a room: receive nothing of anyone until enabled (Conference.setReceiving / enableTrack). */
  disableTracksByDefault?: boolean;
  /**
   * When the stream is not live yet (the server answers no_stream_exist), resolve in state 'waiting'
   * instead of rejecting, and start playing when it goes live: at once on the server's
   * `streaming_started`, otherwise by asking again every 3 s (also after a `highResourceUsage` refusal
   * of one of those asks). stop() ends the wait.
   */
  waitForStream?: boolean;
}

export class Player extends StreamSession<PlayerState, PlayerEvents> {
  /** The remote stream; set when the first track arrives (before play() resolves). */
  stream: MediaStream | null = null;
  /** Ant Media's `idMapping` from the server's offer: mid → track id (`ARDAMSv…`/`ARDAMSa…`). */
  idMapping: Record<string, string> = {};
  /** How the element took the stream, once known (also the 'attached' event). */
  attachResult: AttachResult | null = null;
  /** The tracks of `stream` with their mids (keys of `idMapping`). */
  remoteTracks: RemoteTrack[] = [];
  /** The last offer answered (also the 'negotiated' event). */
  negotiation: NegotiatedInfo | null = null;
  protected readonly stoppedState = 'stopped';
  protected readonly failedState = 'failed';
  private readonly options: PlayOptions;
  private element: MediaElementLike | undefined;
  /** Requests in flight whose errors answer them rather than the stream. */
  private asking = 0;
  /** What setReceiving turned off or back on, sent again with every answer (a re-play starts with everything on). */
  private readonly receiving: { video?: boolean; audio?: boolean } = {};

  private readonly waiter: StreamWaiter;

  /** @internal Created by RelayClient.play(). */
  constructor(streamId: string, context: SessionContext, options: PlayOptions = {}) {
    super('player', streamId, context);
    this.options = options;
    this.element = options.video ?? undefined;
    this.waiter = new StreamWaiter(context.scheduler, () => this.playIfLive());
  }

  /** @internal The WebSocket closed: a waiting player keeps waiting (and asks again once it is back). */
  override handleSignalingClosed(error: RelayError): void {
    if (this.waiter.active) this.dropAttempt(error);
    else super.handleSignalingClosed(error);
  }

  /** @internal */
  override handleSignalingReopened(): void {
    if (this.waiter.active) this.waiter.hurry();
    else super.handleSignalingReopened();
  }

  /** Shows the stream in `element` (now, and again after a reconnection). */
  attach(element: MediaElementLike): Promise<AttachResult> {
    this.element = element;
    return this.stream ? this.show(this.stream) : Promise.resolve('blocked');
  }

  /** The layers the server has for this stream (`getStreamInfo`). */
  getStreamInfo(wait?: WaitOptions): Promise<StreamInfoEntry[]> {
    return this.asked(getStreamInfo(this.context, this.streamId, wait));
  }

  /**
   * Pins the layer of this height, or 'auto' to let the server choose again.
   * Resolves with the height the server switched to (undefined when it did not need to).
   */
  forceStreamQuality(height: number | 'auto'): Promise<number | undefined> {
    if (height !== 'auto' && !(height >= 0)) return Promise.reject(new TypeError("forceStreamQuality() takes a height or 'auto'"));
    return this.asked(forceStreamQuality(this.context, this.streamId, height === 'auto' ? 0 : height));
  }

  /**
   * Asks the server to stop (false) or resume (true) sending this player its video and/or audio
   * (`toggleVideo` / `toggleAudio`; video resumes at a keyframe). The server does not answer success,
   * so this resolves once sent; a refusal arrives as an `error` event. The choice holds across a
   * re-play after a lost connection (it is sent again with the answer).
   */
  async setReceiving(media: { video?: boolean; audio?: boolean }): Promise<void> {
    const kinds = (['video', 'audio'] as const).filter((kind) => media?.[kind] !== undefined);
    if (!kinds.length || kinds.some((kind) => typeof media[kind] !== 'boolean')) throw new TypeError('setReceiving() takes { video?: boolean, audio?: boolean }');
    for (const kind of kinds) {
      this.receiving[kind] = media[kind]!;
      toggleMedia(this.context, kind, this.streamId, this.streamId, media[kind]!);
    }
  }

  protected request(): ClientMessage {
    const { token, subscriberId, subscriberCode, room, userPublishId, maxVideoTrackCount, trackList, disableTracksByDefault } = this.options;
    return playCommand(this.streamId, definedOnly({ token, subscriberId, subscriberCode, room, userPublishId, maxVideoTrackCount, trackList, disableTracksByDefault }));
  }

  protected preparePeer(peer: PeerSession): void {
    // Receive only: no local tracks. The server's offer decides the m-lines and opens the data channel.
    peer.on('track', (remote) => this.handleTrack(remote));
    peer.on('dataChannel', (channel) => this.attachData(channel));
  }

  protected override serverErrorHandled(): boolean {
    return this.asking > 0;
  }

  protected override waitsInstead(error: RelayError): boolean {
    if (!this.options.waitForStream || error.code !== 'NO_STREAM_EXIST') return false;
    this.closePeer();
    this.setState('waiting');
    this.waiter.start();
    return true;
  }

  protected override finish(state: PlayerState, reason: RelayError, tellServer?: boolean): Promise<void> {
    this.waiter.cancel();
    return super.finish(state, reason, tellServer);
  }

  /** Plays once more while waiting; true when the stream is still absent. */
  private async playIfLive(): Promise<boolean> {
    this.events.safeEmit('waitRetry');
    try {
      await this.reestablish();
      this.waiter.cancel();
      return false;
    } catch (error) {
      if (!this.waiter.active) return false;
      if (stillToCome(error) || !this.context.connected) {
        this.closePeer();
        return true;
      }
      this.fail(error);
      return false;
    }
  }

  protected handleMessage(message: Exclude<SessionMessage, { command: 'takeCandidate' | 'error' }>): void {
    switch (message.command) {
      case 'takeConfiguration':
        if (message.type !== 'offer') {
          this.logger.warn(`ignoring a '${message.type}' for a stream we play`);
          return;
        }
        if (message.idMapping) this.idMapping = message.idMapping;
        void this.answer(message.sdp);
        return;
      case 'notification':
        this.handleNotification(message);
        return;
      case 'stop':
        this.end();
        return;
      case 'start':
      case 'streamInformation':
      case 'peerMessageCommand':
        return;
      default:
        assertNever(message);
    }
  }

  protected isFinishedNotice(message: ServerMessage): boolean {
    return message.command === 'notification' && message.definition === Notification.playFinished && message.streamId === this.streamId;
  }

  private async asked<T>(request: Promise<T>): Promise<T> {
    this.asking++;
    try {
      return await request;
    } finally {
      this.asking--;
    }
  }

  private async answer(offerSdp: string): Promise<void> {
    const peer = this.peer;
    if (!peer) return;
    try {
      const sdp = await peer.acceptOffer(offerSdp);
      this.sendQuietly(takeConfigurationCommand(this.streamId, 'answer', sdp));
      // A new play (after a lost connection) is sent everything again: keep what setReceiving turned off.
      for (const kind of ['video', 'audio'] as const) {
        if (this.receiving[kind] === false) toggleMedia({ send: (m) => this.sendQuietly(m) }, kind, this.streamId, this.streamId, false);
      }
      this.negotiation = { idMapping: this.idMapping, mids: offerMids(offerSdp) };
      this.events.safeEmit('negotiated', this.negotiation);
    } catch (error) {
      this.fail(error);
    }
  }

  private handleNotification(message: SessionMessage & { command: 'notification' }): void {
    switch (message.definition) {
      case Notification.playStarted:
        this.startedWithData();
        return;
      case Notification.playFinished:
        if (!this.ownStopConfirmed()) this.end();
        return;
      case Notification.streamingStarted:
        // The stream we wait for (after no_stream_exist) is live: retry now, not after the backoff.
        this.recovery.hurry();
        this.waiter.hurry();
        return;
      case Notification.resolutionChangeInfo:
        if (typeof message.streamHeight === 'number') this.events.safeEmit('resolutionChange', message.streamHeight);
        return;
      default:
        this.events.safeEmit('notification', message);
    }
  }

  /**
   * play_started can arrive a moment before the data channel of the server's offer opens (the server
   * says it once the media connects, and the channel opens after): resolve once the channel is open
   * too, so that send() works as soon as play() resolves, waiting at most DATA_OPEN_WAIT_MS.
   */
  private startedWithData(): void {
    const attempt = this.currentAttempt;
    const offersData = this.negotiation?.mids.some((mid) => mid.kind === 'application');
    if (!attempt || !offersData || this.dataChannelOpen) return this.started('playing');
    const go = () => {
      this.context.scheduler.clearTimeout(timer);
      stopListening();
      if (this.currentAttempt === attempt) this.started('playing');
    };
    const timer = this.context.scheduler.setTimeout(go, DATA_OPEN_WAIT_MS);
    const stopListening = this.base.once('dataOpen', go);
  }

  /** The publisher went away: close and report 'ended' (a re-play in progress keeps waiting for it instead). */
  private end(): void {
    const error = new RelayError('STREAM_ENDED', `'${this.streamId}' ended`);
    if (this.isOpening && this.recovery.active) return this.lost(error);
    const wasOpening = this.isOpening;
    this.finish('ended', error);
    if (!wasOpening) this.events.safeEmit('ended');
  }

  private handleTrack(remote: RemoteTrack): void {
    const fresh = this.stream !== remote.stream;
    if (fresh) this.remoteTracks = [];
    this.remoteTracks.push(remote);
    this.stream = remote.stream;
    this.events.safeEmit('track', remote);
    if (fresh && this.element) void this.show(remote.stream);
  }

  private show(stream: MediaStream): Promise<AttachResult> {
    const element = this.element!;
    return attachStream(element, stream).then(
      (result) => {
        this.attachResult = result;
        this.events.safeEmit('attached', result);
        return result;
      },
      (error: unknown) => {
        this.logger.warn('could not attach the stream', error);
        return 'blocked' as const;
      },
    );
  }
}
