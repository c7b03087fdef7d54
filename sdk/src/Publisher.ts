/**
 * Sends one local MediaStream to the server under a stream id.
 * Flow (antmedia-protocol.md §4.4.1, the client offers):
 * publish → start → offer → answer → candidates → notification publish_started.
 */
import { RelayError } from './core/errors.js';
import type { PeerSession } from './peer/PeerSession.js';
import {
  Notification,
  publishCommand,
  takeConfigurationCommand,
  type ClientMessage,
  type ClientMessageOf,
  type ServerMessage,
} from './protocol/index.js';
import type { SessionContext, SessionMessage, SessionOptions } from './session/SessionContext.js';
import { assertNever, StreamSession, type SessionEvents } from './session/StreamSession.js';

export type PublisherState = 'connecting' | 'publishing' | 'stopped' | 'failed';

export type PublisherEvents = SessionEvents<PublisherState>;

export interface PublishOptions extends SessionOptions {
  /** Publish token, when the server requires one. */
  token?: string;
  /** A human-readable name for the stream. */
  streamName?: string;
  metaData?: string;
}

export class Publisher extends StreamSession<PublisherState, PublisherEvents> {
  /** The local stream being sent. */
  readonly stream: MediaStream;
  protected readonly stoppedState = 'stopped';
  protected readonly failedState = 'failed';
  private readonly options: PublishOptions;

  /** @internal Created by RelayClient.publish(). */
  constructor(streamId: string, stream: MediaStream, context: SessionContext, options: PublishOptions = {}) {
    super('publisher', streamId, 'connecting', context, options);
    this.stream = stream;
    this.options = options;
  }

  protected request(): ClientMessage {
    const { token, streamName, metaData } = this.options;
    const extra: Omit<ClientMessageOf<'publish'>, 'command' | 'streamId'> = {
      video: this.stream.getVideoTracks().length > 0,
      audio: this.stream.getAudioTracks().length > 0,
    };
    if (token !== undefined) extra.token = token;
    if (streamName !== undefined) extra.streamName = streamName;
    if (metaData !== undefined) extra.metaData = metaData;
    return publishCommand(this.streamId, extra);
  }

  protected preparePeer(peer: PeerSession): void {
    peer.addLocalStream(this.stream);
  }

  protected handleMessage(message: Exclude<SessionMessage, { command: 'takeCandidate' | 'error' }>): void {
    switch (message.command) {
      case 'start':
        void this.sendOffer();
        return;
      case 'takeConfiguration':
        if (message.type !== 'answer') {
          this.logger.warn(`ignoring a '${message.type}' for a stream we publish`);
          return;
        }
        this.peer?.acceptAnswer(message.sdp).catch((error: unknown) => this.fail(error));
        return;
      case 'notification':
        this.handleNotification(message);
        return;
      case 'stop':
        // The server ended the stream.
        this.finish('stopped', new RelayError('STREAM_ENDED', `The server stopped '${this.streamId}'`));
        return;
      case 'streamInformation':
        return;
      default:
        assertNever(message);
    }
  }

  protected isFinishedNotice(message: ServerMessage): boolean {
    return message.command === 'notification' && message.definition === Notification.publishFinished && message.streamId === this.streamId;
  }

  private async sendOffer(): Promise<void> {
    const peer = this.peer;
    if (!peer) return;
    try {
      const sdp = await peer.createOffer();
      this.sendQuietly(takeConfigurationCommand(this.streamId, 'offer', sdp));
    } catch (error) {
      this.fail(error);
    }
  }

  private handleNotification(message: SessionMessage & { command: 'notification' }): void {
    switch (message.definition) {
      case Notification.publishStarted:
      case Notification.sessionRestored:
        this.started('publishing');
        return;
      case Notification.publishFinished:
        this.finish('stopped', new RelayError('STREAM_ENDED', `The server finished '${this.streamId}' before it started`));
        return;
      default:
        this.events.safeEmit('notification', message);
    }
  }
}
