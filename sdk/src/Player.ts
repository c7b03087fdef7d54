/**
 * Receives one stream from the server and shows it in an optional element.
 * Flow (antmedia-protocol.md §4.4.2, the server offers):
 * play → offer (with idMapping) → answer → candidates → notification play_started;
 * play_finished when the publisher stops.
 */
import { RelayError } from './core/errors.js';
import { attachStream, type AttachResult, type MediaElementLike } from './media/attachStream.js';
import type { PeerSession, RemoteTrack } from './peer/PeerSession.js';
import {
  Notification,
  playCommand,
  takeConfigurationCommand,
  type ClientMessage,
  type ClientMessageOf,
  type ServerMessage,
} from './protocol/index.js';
import type { SessionContext, SessionMessage, SessionOptions } from './session/SessionContext.js';
import { assertNever, StreamSession, type SessionEvents } from './session/StreamSession.js';

export type PlayerState = 'connecting' | 'playing' | 'ended' | 'stopped' | 'failed';

export interface PlayerEvents extends SessionEvents<PlayerState> {
  /** The publisher stopped (notification play_finished). */
  ended: undefined;
  /** A remote track arrived; `stream` is the player's stream. */
  track: RemoteTrack;
  /** How the element took the stream: 'playing-muted' means autoplay needed muting. */
  attached: AttachResult;
}

export interface PlayOptions extends SessionOptions {
  /** Element that shows the stream (muted autoplay is the fallback when unmuted play() is refused). */
  video?: MediaElementLike;
  /** Play token, when the server requires one. */
  token?: string;
  subscriberId?: string;
  subscriberCode?: string;
}

export class Player extends StreamSession<PlayerState, PlayerEvents> {
  /** The remote stream; set when the first track arrives (before play() resolves). */
  stream: MediaStream | null = null;
  /** Ant Media's `idMapping` from the server's offer: mid → track id (`ARDAMSv…`/`ARDAMSa…`). */
  idMapping: Record<string, string> = {};
  /** How the element took the stream, once known (also the 'attached' event). */
  attachResult: AttachResult | null = null;
  protected readonly stoppedState = 'stopped';
  protected readonly failedState = 'failed';
  private readonly options: PlayOptions;

  /** @internal Created by RelayClient.play(). */
  constructor(streamId: string, context: SessionContext, options: PlayOptions = {}) {
    super('player', streamId, 'connecting', context, options);
    this.options = options;
  }

  protected request(): ClientMessage {
    const { token, subscriberId, subscriberCode } = this.options;
    const extra: Omit<ClientMessageOf<'play'>, 'command' | 'streamId'> = {};
    if (token !== undefined) extra.token = token;
    if (subscriberId !== undefined) extra.subscriberId = subscriberId;
    if (subscriberCode !== undefined) extra.subscriberCode = subscriberCode;
    return playCommand(this.streamId, extra);
  }

  protected preparePeer(peer: PeerSession): void {
    // Receive only: no local tracks. The server's offer decides the m-lines.
    peer.on('track', (remote) => this.handleTrack(remote));
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
        return;
      default:
        assertNever(message);
    }
  }

  protected isFinishedNotice(message: ServerMessage): boolean {
    return message.command === 'notification' && message.definition === Notification.playFinished && message.streamId === this.streamId;
  }

  private async answer(offerSdp: string): Promise<void> {
    const peer = this.peer;
    if (!peer) return;
    try {
      const sdp = await peer.acceptOffer(offerSdp);
      this.sendQuietly(takeConfigurationCommand(this.streamId, 'answer', sdp));
    } catch (error) {
      this.fail(error);
    }
  }

  private handleNotification(message: SessionMessage & { command: 'notification' }): void {
    switch (message.definition) {
      case Notification.playStarted:
        this.started('playing');
        return;
      case Notification.playFinished:
        this.end();
        return;
      default:
        this.events.safeEmit('notification', message);
    }
  }

  /** The publisher went away: close and report 'ended'. */
  private end(): void {
    const wasOpening = this.isOpening;
    this.finish('ended', new RelayError('STREAM_ENDED', `'${this.streamId}' ended before playback started`));
    if (!wasOpening) this.events.safeEmit('ended');
  }

  private handleTrack(remote: RemoteTrack): void {
    const first = this.stream === null;
    this.stream = remote.stream;
    this.events.safeEmit('track', remote);
    const element = this.options.video;
    if (!first || !element) return;
    attachStream(element, remote.stream).then(
      (result) => {
        this.attachResult = result;
        this.events.safeEmit('attached', result);
      },
      (error: unknown) => this.logger.warn('could not attach the stream', error),
    );
  }
}
