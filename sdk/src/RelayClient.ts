/**
 * One RelayClient per WebSocket: connects, creates Publishers and Players,
 * and routes each server message to the session its streamId names.
 */
import { DEFAULT_ICE_SERVERS, REQUEST_TIMEOUT_MS } from './core/defaults.js';
import type { WaitOptions } from './core/deferred.js';
import { Emitter, type Unsubscribe } from './core/emitter.js';
import { RelayError } from './core/errors.js';
import { Logger, type LogLevel, type LogSink } from './core/logger.js';
import { systemScheduler, type Scheduler } from './core/scheduler.js';
import type { PeerFactory } from './peer/PeerSession.js';
import { createRtcPeerSession } from './peer/RtcPeerSession.js';
import { Player, type PlayOptions } from './Player.js';
import { isValidStreamId, type ServerMessage, type ServerMessageOf } from './protocol/index.js';
import { Publisher, type PublishOptions } from './Publisher.js';
import type { SessionContext } from './session/SessionContext.js';
import { assertNever } from './session/StreamSession.js';
import { SignalingClient, type SignalingCloseInfo } from './signaling/SignalingClient.js';
import type { WebSocketConstructor } from './signaling/webSocket.js';

export interface RelayClientOptions {
  /** e.g. `ws://localhost:5080/LiveApp/websocket` */
  url: string;
  iceServers?: RTCIceServer[];
  /** Deadline for publish() and play(), in ms. */
  timeoutMs?: number;
  /** Logging is silent unless raised. */
  logLevel?: LogLevel;
  logSink?: LogSink;
  /** Substitutes for tests and unusual hosts. */
  WebSocket?: WebSocketConstructor;
  peerFactory?: PeerFactory;
  scheduler?: Scheduler;
}

export interface RelayClientEvents {
  open: undefined;
  close: SignalingCloseInfo;
  /** Server errors that name no stream of ours. */
  error: RelayError;
  /** Server notifications that name no stream of ours (e.g. streaming_started). */
  notification: ServerMessageOf<'notification'>;
}

type Session = Publisher | Player;

export class RelayClient {
  readonly url: string;
  private readonly signaling: SignalingClient;
  private readonly events: Emitter<RelayClientEvents>;
  private readonly sessions = new Map<string, Session>();
  private readonly logger: Logger;
  private readonly context: SessionContext;

  constructor(options: RelayClientOptions) {
    if (!options || typeof options.url !== 'string' || !/^wss?:\/\//i.test(options.url)) {
      throw new TypeError("RelayClient needs options.url, a ws:// or wss:// URL");
    }
    this.url = options.url;
    this.logger = new Logger('relayrtc', { level: options.logLevel, sink: options.logSink });
    const scheduler = options.scheduler ?? systemScheduler;
    this.events = new Emitter((error, name) => this.logger.error(`listener of '${name}' threw`, error));
    this.signaling = new SignalingClient({
      url: options.url,
      WebSocket: options.WebSocket,
      scheduler,
      logger: this.logger.child('signaling'),
    });
    this.signaling.on('open', () => this.events.safeEmit('open'));
    this.signaling.on('message', (message) => this.route(message));
    this.signaling.on('close', (info) => this.handleClose(info));

    const iceServers = (options.iceServers ?? DEFAULT_ICE_SERVERS).slice();
    const peerFactory = options.peerFactory ?? createRtcPeerSession;
    const signaling = this.signaling;
    this.context = {
      logger: this.logger,
      scheduler,
      timeoutMs: options.timeoutMs ?? REQUEST_TIMEOUT_MS,
      get connected() {
        return signaling.state === 'open';
      },
      send: (message) => signaling.send(message),
      waitFor: (predicate, waitOptions) => signaling.waitFor(predicate, waitOptions),
      createPeer: (logger) => peerFactory({ iceServers, logger }),
      release: (streamId) => this.sessions.delete(streamId),
    };
  }

  get connected(): boolean {
    return this.signaling.state === 'open';
  }

  on<K extends keyof RelayClientEvents>(name: K, listener: (payload: RelayClientEvents[K]) => void): Unsubscribe {
    return this.events.on(name, listener);
  }

  /** Opens the WebSocket. Rejects with 'SIGNALING_FAILED', 'TIMEOUT', 'ABORTED' or 'WEBSOCKET_UNSUPPORTED'. */
  connect(options: WaitOptions = {}): Promise<void> {
    return this.signaling.connect(options);
  }

  /** Publishes `stream` as `streamId`; resolves on the server's publish_started. */
  async publish(streamId: string, stream: MediaStream, options: PublishOptions = {}): Promise<Publisher> {
    if (!stream || typeof stream.getTracks !== 'function') throw new TypeError('publish() needs a MediaStream');
    this.checkStreamId(streamId, 'publish');
    const publisher = new Publisher(streamId, stream, this.context, options);
    this.sessions.set(streamId, publisher);
    return publisher.open();
  }

  /** Plays `streamId`; resolves on the server's play_started. */
  async play(streamId: string, options: PlayOptions = {}): Promise<Player> {
    this.checkStreamId(streamId, 'play');
    const player = new Player(streamId, this.context, options);
    this.sessions.set(streamId, player);
    return player.open();
  }

  /** Stops every stream of this client and closes the WebSocket. */
  close(): void {
    for (const session of Array.from(this.sessions.values())) void session.stop();
    this.signaling.close();
  }

  private checkStreamId(streamId: string, what: string): void {
    if (typeof streamId !== 'string' || streamId === '') throw new TypeError(`${what}() needs a non-empty streamId`);
    if (!isValidStreamId(streamId)) {
      throw new RelayError('INVALID_STREAM_NAME', `'${streamId}' is not a valid stream id: use letters, digits, '_', '.' and '-'`, {
        streamId,
      });
    }
    if (!this.connected) throw new RelayError('NOT_CONNECTED', `Call connect() before ${what}()`);
    const existing = this.sessions.get(streamId);
    if (existing) {
      const code = existing instanceof Publisher ? 'ALREADY_PUBLISHING' : 'ALREADY_PLAYING';
      throw new RelayError(code, `This client is already ${existing instanceof Publisher ? 'publishing' : 'playing'} '${streamId}'`, {
        streamId,
      });
    }
  }

  private route(message: ServerMessage): void {
    switch (message.command) {
      case 'pong':
      case 'iceServerConfig':
      case 'peerMessageCommand': // peer-to-peer calls arrive with the full API (issue 7)
        return;
      case 'start':
      case 'stop':
      case 'takeConfiguration':
      case 'takeCandidate':
      case 'streamInformation':
        this.sessions.get(message.streamId)?.handle(message);
        return;
      case 'notification':
      case 'error': {
        const session = message.streamId === undefined ? undefined : this.sessions.get(message.streamId);
        if (session) session.handle(message);
        else if (message.command === 'error') this.events.safeEmit('error', RelayError.fromServer(message));
        else this.events.safeEmit('notification', message);
        return;
      }
      default:
        assertNever(message);
    }
  }

  private handleClose(info: SignalingCloseInfo): void {
    const error = info.error ?? new RelayError('SIGNALING_CLOSED', 'The WebSocket was closed');
    for (const session of Array.from(this.sessions.values())) session.handleSignalingClosed(error);
    this.sessions.clear();
    this.events.safeEmit('close', info);
  }
}
