/**
 * Sends local media (and a data channel) to the server under a stream id.
 * Flow (antmedia-protocol.md §4.4.1, the client offers):
 * publish → start → offer → answer → candidates → notification publish_started.
 */
import { DATA_CHANNEL, DEGRADATION_PREFERENCE, SIMULCAST } from './core/defaults.js';
import { RelayError } from './core/errors.js';
import { LocalMedia } from './media/LocalMedia.js';
import type { MediaKind, PeerSession } from './peer/PeerSession.js';
import {
  clientCommand,
  Notification,
  publishCommand,
  takeConfigurationCommand,
  type ClientMessage,
  type ServerMessage,
} from './protocol/index.js';
import { awaitIceRestart } from './session/Recovery.js';
import { definedOnly } from './session/requests.js';
import type { SessionContext, SessionMessage, SessionOptions } from './session/SessionContext.js';
import { assertNever, StreamSession, type SessionEvents } from './session/StreamSession.js';

export type PublisherState = 'connecting' | 'publishing' | 'reconnecting' | 'stopped' | 'failed';

export type PublisherEvents = SessionEvents<PublisherState>;

export interface PublishOptions extends SessionOptions {
  /** Publish token, when the server requires one. */
  token?: string;
  /** A human-readable name for the stream. */
  streamName?: string;
  metaData?: string;
  /** The room (Ant Media's main track) this stream joins as a participant. */
  mainTrack?: string;
  /** Three video layers for the relay to choose from per viewer (default true). */
  simulcast?: boolean;
  /** Preferred video codec, e.g. 'VP8' or 'H264'. */
  videoCodec?: string;
  /** Video cap in kbit/s (the sum of the simulcast layers). */
  maxBitrateKbps?: number;
  degradationPreference?: RTCDegradationPreference;
  /** Open a data channel (label = streamId) that every player receives (default true). */
  dataChannel?: boolean;
}

/** What publish() sends: a stream, LocalMedia (whose device switches follow), or null for data only. */
export type PublishSource = MediaStream | LocalMedia | null;

export class Publisher extends StreamSession<PublisherState, PublisherEvents> {
  /** The local camera/mic controls, when publish() was given LocalMedia. */
  readonly media: LocalMedia | undefined;
  protected readonly stoppedState = 'stopped';
  protected readonly failedState = 'failed';
  private readonly source: MediaStream | null;
  private readonly options: PublishOptions;
  private maxBitrate: number | undefined;
  private iceRestart: ((error?: RelayError) => void) | undefined;

  /** @internal Created by RelayClient.publish(). */
  constructor(streamId: string, source: PublishSource, context: SessionContext, options: PublishOptions = {}) {
    super('publisher', streamId, context);
    this.media = source instanceof LocalMedia ? source : undefined;
    this.source = source instanceof LocalMedia ? source.stream : source;
    this.options = options;
    this.maxBitrate = options.maxBitrateKbps === undefined ? undefined : options.maxBitrateKbps * 1000;
    this.media?.on('track', ({ kind, track }) => void this.replaceTrack(kind, track).catch((e: unknown) => this.logger.warn(e)));
  }

  /** The local stream being sent (null for a data-only publish). */
  get stream(): MediaStream | null {
    return this.source;
  }

  /** Caps the video bitrate (kbit/s, shared by the simulcast layers) without renegotiation. */
  changeBandwidth(kbps: number | 'unlimited'): Promise<void> {
    if (kbps !== 'unlimited' && !(kbps > 0)) return Promise.reject(new TypeError("changeBandwidth() takes a positive kbit/s or 'unlimited'"));
    this.maxBitrate = kbps === 'unlimited' ? undefined : kbps * 1000;
    return this.peer ? this.peer.setMaxBitrate(this.maxBitrate) : Promise.resolve();
  }

  setDegradationPreference(preference: RTCDegradationPreference): Promise<void> {
    this.options.degradationPreference = preference;
    return this.peer ? this.peer.setDegradationPreference(preference) : Promise.resolve();
  }

  /**
   * Replaces the stream's metaData on the server (`updateStreamMetaData`; a room's players
   * are told) and in what a re-publish after a lost connection sends.
   */
  updateMetaData(metaData: string): void {
    this.options.metaData = metaData;
    this.sendQuietly(clientCommand('updateStreamMetaData', { streamId: this.streamId, metaData }));
  }

  /** Sends `track` instead of the current one of its kind, without renegotiation. */
  replaceTrack(kind: MediaKind, track: MediaStreamTrack | null): Promise<void> {
    return this.peer ? this.peer.replaceTrack(kind, track) : Promise.resolve();
  }

  protected request(): ClientMessage {
    const { token, streamName, metaData, mainTrack } = this.options;
    return publishCommand(this.streamId, {
      video: !!this.source && this.source.getVideoTracks().length > 0,
      audio: !!this.source && this.source.getAudioTracks().length > 0,
      ...definedOnly({ token, streamName, metaData, mainTrack }),
    });
  }

  protected preparePeer(peer: PeerSession): void {
    const { simulcast = SIMULCAST, videoCodec, degradationPreference = DEGRADATION_PREFERENCE, dataChannel = DATA_CHANNEL } = this.options;
    if (this.source) {
      peer.addLocalStream(this.source, { direction: 'sendonly', simulcast, videoCodec, degradationPreference, maxBitrate: this.maxBitrate });
    }
    if (dataChannel || !this.source) this.attachData(peer.createDataChannel(this.streamId));
  }

  /** The server refuses renegotiation it does not support: the ICE restart then gives way to a re-publish. */
  protected override serverErrorHandled(error: RelayError): boolean {
    const restart = this.iceRestart;
    if (restart) restart(error);
    return restart !== undefined;
  }

  /** @internal A new offer with fresh ICE credentials on the same connection. */
  override restartIce(): Promise<void> | undefined {
    const peer = this.peer;
    if (!peer || !this.context.connected) return undefined;
    const waiting = awaitIceRestart(peer, this.context.scheduler, `'${this.streamId}'`);
    this.iceRestart = (error) => (error ? waiting.reject(error) : waiting.resolve());
    const done = () => (this.iceRestart = undefined);
    waiting.promise.then(done, done);
    this.sendOffer(peer, true).catch((error: unknown) => waiting.reject(error));
    return waiting.promise;
  }

  protected handleMessage(message: Exclude<SessionMessage, { command: 'takeCandidate' | 'error' }>): void {
    switch (message.command) {
      case 'start':
        if (this.peer) this.sendOffer(this.peer, false).catch((error: unknown) => this.fail(error));
        return;
      case 'takeConfiguration':
        if (message.type !== 'answer') {
          this.logger.warn(`ignoring a '${message.type}' for a stream we publish`);
          return;
        }
        this.peer
          ?.acceptAnswer(message.sdp)
          // An ICE restart begun while connected stays `connected` in Chrome: no state event will say it is done.
          .then(() => this.peer?.connectionState === 'connected' && this.iceRestart?.())
          .catch((error: unknown) => (this.iceRestart ? this.iceRestart(error as RelayError) : this.fail(error)));
        return;
      case 'notification':
        this.handleNotification(message);
        return;
      case 'stop':
        this.lost(new RelayError('STREAM_ENDED', `The server stopped '${this.streamId}'`));
        return;
      case 'streamInformation':
      case 'peerMessageCommand':
        return;
      default:
        assertNever(message);
    }
  }

  protected isFinishedNotice(message: ServerMessage): boolean {
    return message.command === 'notification' && message.definition === Notification.publishFinished && message.streamId === this.streamId;
  }

  private async sendOffer(peer: PeerSession, iceRestart: boolean): Promise<void> {
    const sdp = await peer.createOffer({ iceRestart });
    this.sendQuietly(takeConfigurationCommand(this.streamId, 'offer', sdp));
  }

  private handleNotification(message: SessionMessage & { command: 'notification' }): void {
    switch (message.definition) {
      case Notification.publishStarted:
      case Notification.sessionRestored:
        this.started('publishing');
        return;
      case Notification.publishFinished:
        if (!this.ownStopConfirmed()) this.lost(new RelayError('STREAM_ENDED', `The server finished '${this.streamId}'`));
        return;
      default:
        this.events.safeEmit('notification', message);
    }
  }
}
