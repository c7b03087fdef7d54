/**
 * One RelayClient per WebSocket: connects (and reconnects), creates
 * Publishers, Players and PeerCalls, and routes each server message to the
 * session its streamId names.
 */
import { DEFAULT_ICE_SERVERS, REQUEST_TIMEOUT_MS, STATS_INTERVAL_MS } from './core/defaults.js';
import type { WaitOptions } from './core/deferred.js';
import { Conference, type ConferenceHost, type ConferenceOptions } from './conference/Conference.js';
import { RoomRequests } from './conference/RoomRequests.js';
import { Emitter, type Unsubscribe } from './core/emitter.js';
import { RelayError } from './core/errors.js';
import { Logger, type LogLevel, type LogSink } from './core/logger.js';
import { LocalMedia } from './media/LocalMedia.js';
import { systemScheduler, type Scheduler } from './core/scheduler.js';
import { PeerCall, type CallOptions } from './PeerCall.js';
import type { PeerFactory } from './peer/PeerSession.js';
import { createRtcPeerSession } from './peer/RtcPeerSession.js';
import { Player, type PlayOptions } from './Player.js';
import { isValidStreamId, type ServerMessage, type ServerMessageOf, type StreamInfoEntry } from './protocol/index.js';
import { Publisher, type PublishOptions, type PublishSource } from './Publisher.js';
import { toReconnectPolicy, type ReconnectOption } from './reconnect/ReconnectPolicy.js';
import { retry, type RetryHandle } from './reconnect/retry.js';
import { PendingStops } from './session/PendingStops.js';
import { getStreamInfo } from './session/requests.js';
import type { SessionContext } from './session/SessionContext.js';
import { assertNever, type ReconnectingInfo } from './session/StreamSession.js';
import { SignalingClient, type SignalingCloseInfo } from './signaling/SignalingClient.js';
import type { WebSocketConstructor } from './signaling/webSocket.js';

export interface RelayClientOptions {
  /** e.g. `ws://localhost:5080/LiveApp/websocket` */
  url: string;
  iceServers?: RTCIceServer[];
  /** Deadline for publish(), play() and call(), in ms. */
  timeoutMs?: number;
  /**
   * After an unexpected close: reconnect, then set every stream up again.
   * `true` (default) uses exponential backoff with jitter; pass backoff
   * options or your own ReconnectPolicy, or `false` to fail the streams instead.
   */
  reconnect?: ReconnectOption;
  /** Period of each stream's `stats` event; 0 turns it off. */
  statsIntervalMs?: number;
  /** Logging is silent unless raised. */
  logLevel?: LogLevel;
  logSink?: LogSink;
  /** Substitutes for tests and unusual hosts. */
  WebSocket?: WebSocketConstructor;
  peerFactory?: PeerFactory;
  scheduler?: Scheduler;
}

export type RelayClientState = 'idle' | 'connecting' | 'open' | 'reconnecting' | 'closed';

export interface RelayClientEvents {
  open: undefined;
  /** The WebSocket closed; unless `local` or reconnect is off, `reconnecting` follows. */
  close: SignalingCloseInfo;
  /** Server errors that name no stream of ours, and a reconnection that gave up. */
  error: RelayError;
  /** Server notifications that name no stream of ours (e.g. streaming_started). */
  notification: ServerMessageOf<'notification'>;
  /** Every message from the server, validated, before it is routed. */
  message: ServerMessage;
  reconnecting: ReconnectingInfo;
  /** The WebSocket is open again; the streams are being set up again (each says `reconnected`). */
  reconnected: undefined;
}

type Session = Publisher | Player | PeerCall;

export class RelayClient {
  readonly url: string;
  private readonly signaling: SignalingClient;
  private readonly events: Emitter<RelayClientEvents>;
  private readonly sessions = new Map<string, Session>();
  private readonly stops: PendingStops;
  private readonly logger: Logger;
  private readonly context: SessionContext;
  private reconnectLoop: RetryHandle | undefined;
  private closedByUser = false;
  /** Room and multitrack queries (getRoomInfo, getSubtracks, getSubscriberCount, …), each settling on the server's answer. */
  readonly rooms: RoomRequests;

  constructor(options: RelayClientOptions) {
    if (!options || typeof options.url !== 'string' || !/^wss?:\/\//i.test(options.url)) {
      throw new TypeError(`RelayClient needs options.url, a ws:// or wss:// URL, not ${JSON.stringify(options && options.url)}`);
    }
    this.url = options.url;
    this.logger = new Logger('relayrtc', { level: options.logLevel, sink: options.logSink });
    const scheduler = options.scheduler ?? systemScheduler;
    this.events = new Emitter((error, name) => this.logger.error(`listener of '${name}' threw`, error));
    this.signaling = new SignalingClient({ url: options.url, WebSocket: options.WebSocket, scheduler, logger: this.logger.child('signaling') });
    this.signaling.on('open', () => this.events.safeEmit('open'));
    this.signaling.on('message', (message) => this.route(message));
    this.signaling.on('close', (info) => this.handleClose(info));

    const iceServers = (options.iceServers ?? DEFAULT_ICE_SERVERS).slice();
    const peerFactory = options.peerFactory ?? createRtcPeerSession;
    const signaling = this.signaling;
    const stops = (this.stops = new PendingStops(scheduler));
    this.context = {
      logger: this.logger,
      scheduler,
      timeoutMs: options.timeoutMs ?? REQUEST_TIMEOUT_MS,
      reconnectPolicy: toReconnectPolicy(options.reconnect),
      statsIntervalMs: options.statsIntervalMs ?? STATS_INTERVAL_MS,
      get connected() {
        return signaling.state === 'open';
      },
      send: (message) => signaling.send(message),
      waitFor: (predicate, waitOptions) => signaling.waitFor(predicate, waitOptions),
      createPeer: (logger) => peerFactory({ iceServers, logger }),
      release: (streamId, stopAnsweredBy) => {
        this.sessions.delete(streamId);
        return stopAnsweredBy ? stops.add(streamId, stopAnsweredBy) : Promise.resolve();
      },
    };
    this.rooms = new RoomRequests(this.context);
  }

  get connected(): boolean {
    return this.signaling.state === 'open';
  }

  get state(): RelayClientState {
    if (this.reconnectLoop) return 'reconnecting';
    return this.signaling.state;
  }

  on<K extends keyof RelayClientEvents>(name: K, listener: (payload: RelayClientEvents[K]) => void): Unsubscribe {
    return this.events.on(name, listener);
  }

  /** Opens the WebSocket. Rejects with 'SIGNALING_FAILED', 'TIMEOUT', 'ABORTED' or 'WEBSOCKET_UNSUPPORTED'. */
  connect(options: WaitOptions = {}): Promise<void> {
    this.closedByUser = false;
    return this.signaling.connect(options);
  }

  /** Publishes `source` as `streamId`; resolves on the server's publish_started. */
  async publish(streamId: string, source: PublishSource, options: PublishOptions = {}): Promise<Publisher> {
    const valid = source === null || source instanceof LocalMedia || (!!source && typeof source.getTracks === 'function');
    if (!valid) {
      throw new TypeError('publish() needs a MediaStream, LocalMedia, or null for data only');
    }
    return this.open(streamId, 'publish', new Publisher(streamId, source, this.context, options), options);
  }

  /** Plays `streamId`; resolves on the server's play_started. */
  async play(streamId: string, options: PlayOptions = {}): Promise<Player> {
    return this.open(streamId, 'play', new Player(streamId, this.context, options), options);
  }

  /** Joins the peer-to-peer call `streamId`; resolves on the server's `joined`. */
  async call(streamId: string, options: CallOptions = {}): Promise<PeerCall> {
    return this.open(streamId, 'call', new PeerCall(streamId, this.context, options), options);
  }

  /**
   * Joins the conference `roomId` (Ant Media's multitrack model): publishes `media` into it and
   * plays everyone else through one connection; resolves once both are live.
   */
  async joinConference(roomId: string, media: PublishSource, options: ConferenceOptions = {}): Promise<Conference> {
    this.checkNotAborted(options, 'joinConference', roomId);
    this.checkStreamId(roomId, 'joinConference');
    const host: ConferenceHost = {
      rooms: this.rooms,
      logger: this.logger,
      scheduler: this.context.scheduler,
      publish: (streamId, source, publishOptions) => this.publish(streamId, source, publishOptions),
      play: (streamId, playOptions) => this.play(streamId, playOptions),
      onMessage: (listener) => this.events.on('message', listener),
    };
    const conference = new Conference(host, roomId, media, options);
    await conference.join();
    return conference;
  }

  /** The publish, play or call of `streamId` this client has open, or is still opening (its promise unsettled). */
  session(streamId: string): Publisher | Player | PeerCall | undefined {
    return this.sessions.get(streamId);
  }

  /** The layers of a live stream (heights, widths, bitrates, codec); rejects with 'NO_STREAM_EXIST'. */
  getStreamInfo(streamId: string, wait?: WaitOptions): Promise<StreamInfoEntry[]> {
    if (!this.connected) return Promise.reject(new RelayError('NOT_CONNECTED', 'Call connect() before getStreamInfo()'));
    return getStreamInfo(this.context, streamId, wait);
  }

  /** Stops every stream of this client and closes the WebSocket (no reconnection). */
  close(): void {
    this.closedByUser = true;
    this.reconnectLoop?.cancel(new RelayError('ABORTED', 'The client was closed'));
    this.reconnectLoop = undefined;
    for (const session of Array.from(this.sessions.values())) void session.stop();
    this.signaling.close();
  }

  private async open<T extends Session>(streamId: string, what: string, session: T, wait: WaitOptions): Promise<T> {
    this.checkNotAborted(wait, what, streamId);
    this.checkStreamId(streamId, what);
    this.sessions.set(streamId, session);
    // The answer to a stop of this id still to come would end the new stream: wait for it.
    const previousStop = this.stops.pending(streamId);
    if (previousStop) await previousStop;
    return session.open(wait) as Promise<T>;
  }

  /** Aborted before the call: that is the answer, whatever else this client has open under that id. */
  private checkNotAborted(wait: WaitOptions, what: string, streamId: string): void {
    if (wait.signal?.aborted) throw new RelayError('ABORTED', `${what}() of '${streamId}' was aborted before it started`, { cause: wait.signal.reason });
  }

  private checkStreamId(streamId: string, what: string): void {
    if (typeof streamId !== 'string') throw new TypeError(`${what}() needs a streamId string`);
    if (streamId === '') throw new RelayError('NO_STREAM_NAME_SPECIFIED', `Give the stream an id for ${what}(): letters, digits, '_', '.' or '-'`);
    if (!isValidStreamId(streamId)) {
      throw new RelayError('INVALID_STREAM_NAME', `'${streamId}' is not a valid stream id: use letters, digits, '_', '.' and '-'`, {
        streamId,
      });
    }
    if (!this.connected) throw new RelayError('NOT_CONNECTED', `Call connect() before ${what}()`);
    const existing = this.sessions.get(streamId);
    if (existing) {
      const code = existing instanceof Player ? 'ALREADY_PLAYING' : 'ALREADY_PUBLISHING';
      throw new RelayError(code, `This client already has '${streamId}' open: one publish, play or call per id (play your own stream from a second client)`, {
        streamId,
      });
    }
  }

  private route(message: ServerMessage): void {
    // The stream it is for, found before any listener runs: a listener may stop that stream and open another of the same id.
    const streamId = (message as { streamId?: string }).streamId;
    const session = streamId === undefined || this.stops.pending(streamId) ? undefined : this.sessions.get(streamId);
    this.events.safeEmit('message', message);
    // About a stream we stopped (a listener may have stopped it just now): no session of ours.
    if (this.stops.answers(message)) return;
    switch (message.command) {
      case 'pong':
      case 'iceServerConfig':
      case 'roomInformation': // a room answer: read from the 'message' event above
      case 'trackList':
        return;
      case 'start':
      case 'stop':
      case 'takeConfiguration':
      case 'takeCandidate':
      case 'streamInformation':
      case 'peerMessageCommand':
        session?.handle(message);
        return;
      case 'notification':
      case 'error':
        if (session) session.handle(message);
        else if (message.command !== 'error') this.events.safeEmit('notification', message);
        // A refused query (getBroadcastObject of someone who just left…) rejected its own promise.
        else if (!this.signaling.answeredRequest(message)) this.events.safeEmit('error', RelayError.fromServer(message));
        return;
      default:
        assertNever(message);
    }
  }

  private handleClose(info: SignalingCloseInfo): void {
    // A failed reconnection attempt: the loop retries, the streams already wait.
    this.stops.settleAll();
    if (this.reconnectLoop) return;
    const error = info.error ?? new RelayError('SIGNALING_CLOSED', 'The WebSocket was closed');
    for (const session of Array.from(this.sessions.values())) session.handleSignalingClosed(error);
    this.events.safeEmit('close', info);
    const policy = this.context.reconnectPolicy;
    if (info.local || this.closedByUser || !policy) return;
    this.events.safeEmit('reconnecting', { attempt: 0, delayMs: 0, error });
    const loop = retry({
      policy,
      scheduler: this.context.scheduler,
      cause: error,
      run: () => this.signaling.connect(),
      onAttempt: (attempt, delayMs, last) => this.events.safeEmit('reconnecting', { attempt, delayMs, error: last }),
    });
    this.reconnectLoop = loop;
    loop.promise.then(
      () => {
        this.reconnectLoop = undefined;
        this.events.safeEmit('reconnected');
        for (const session of Array.from(this.sessions.values())) session.handleSignalingReopened();
      },
      (failure: RelayError) => {
        if (this.reconnectLoop !== loop) return;
        this.reconnectLoop = undefined;
        for (const session of Array.from(this.sessions.values())) session.gaveUp(failure);
        this.events.safeEmit('error', failure);
      },
    );
  }
}
