/**
 * What Publisher, Player and PeerCall share: an attempt that settles on the
 * server's answer (or a timeout/abort), ICE candidates both ways, coded
 * failures, stop(), stats, the data channel, and recovery after a lost
 * connection (session/Recovery.ts).
 */
import { STOP_CONFIRM_TIMEOUT_MS } from '../core/defaults.js';
import { deferred, type Deferred, type WaitOptions } from '../core/deferred.js';
import { Emitter, type Unsubscribe } from '../core/emitter.js';
import { RelayError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { TimerHandle } from '../core/scheduler.js';
import { DataChannel, type DataMessage, type DataPayload } from '../data/DataChannel.js';
import type { DataChannelLike, PeerConnectionState, PeerSession } from '../peer/PeerSession.js';
import { stopCommand, takeCandidateCommand, type ClientMessage, type ServerMessage } from '../protocol/index.js';
import { StatsSampler, type StreamStats } from '../stats/StatsSampler.js';
import { Recovery, type Recoverable } from './Recovery.js';
import type { SessionContext, SessionMessage } from './SessionContext.js';

export interface ReconnectingInfo {
  /** 0 when the loss is noticed, then 1, 2, … before each attempt. */
  attempt: number;
  delayMs: number;
  error: RelayError;
}

export interface SessionEvents<S extends string> {
  state: S;
  /** A failure (the session is then 'failed'), or a server error that did not end a live stream. */
  error: RelayError;
  connectionState: PeerConnectionState;
  /** Server notifications for this stream that have no dedicated event (bitrateMeasurement, …). */
  notification: ServerMessage & { command: 'notification' };
  /** Every `statsIntervalMs` while live and listened to. */
  stats: StreamStats;
  reconnecting: ReconnectingInfo;
  reconnected: undefined;
  /** A data-channel message. */
  message: DataMessage;
  dataOpen: undefined;
  dataClose: undefined;
}

type BaseState = 'connecting' | 'reconnecting' | 'stopped' | 'failed';

export abstract class StreamSession<S extends string, E extends SessionEvents<S>> implements Recoverable {
  readonly streamId: string;
  protected readonly context: SessionContext;
  protected readonly logger: Logger;
  protected readonly events: Emitter<E>;
  protected peer: PeerSession | undefined;
  protected data: DataChannel | undefined;
  protected readonly recovery: Recovery;
  private pending: Deferred<void> | undefined;
  private stateValue: S;
  private sampler: StatsSampler | undefined;
  private statsTimer: TimerHandle | undefined;
  /** Stopped, ended or failed: closed for good, no longer routed messages. */
  private finished = false;
  /** The request went out, so the server may hold state we must release. */
  private requestSent = false;
  /** Went live once: losses are then recovered instead of failing open(). */
  private wasLive = false;
  /** Stops we sent to set the stream up again, whose *_finished must not end it. */
  private ownStops = 0;

  protected constructor(private readonly kind: string, streamId: string, context: SessionContext) {
    this.streamId = streamId;
    this.context = context;
    this.stateValue = 'connecting' as S;
    this.logger = context.logger.child(`${kind}:${streamId}`);
    this.events = new Emitter((error, name) => this.logger.error(`listener of '${name}' threw`, error));
    this.recovery = new Recovery(this, context.reconnectPolicy, context.scheduler, this.logger);
  }

  get state(): S {
    return this.stateValue;
  }

  on<K extends keyof E>(name: K, listener: (payload: E[K]) => void): Unsubscribe {
    return this.events.on(name, listener);
  }

  once<K extends keyof E>(name: K, listener: (payload: E[K]) => void): Unsubscribe {
    return this.events.once(name, listener);
  }

  /** The RTCStatsReport of this stream's peer connection. */
  getStats(): Promise<RTCStatsReport> {
    if (!this.peer) return Promise.reject(new RelayError('NOT_CONNECTED', `'${this.streamId}' has no peer connection`));
    return this.peer.getStats();
  }

  /** Bitrates, loss, RTT, jitter, fps, resolution… since the previous sample (or the connection's start). */
  async getStreamStats(): Promise<StreamStats> {
    const report = await this.getStats();
    return this.sampler!.sample(report, this.context.scheduler.now());
  }

  /** The media connection's state now (also the `connectionState` event). */
  get connectionState(): PeerConnectionState {
    return this.peer ? this.peer.connectionState : 'closed';
  }

  /** True while the data channel is open (it may open before publish()/play() resolves: check this, then listen for `dataOpen`). */
  get dataChannelOpen(): boolean {
    return this.data !== undefined && this.data.isOpen;
  }

  /** Sends text, binary or a Blob on the data channel; large messages are chunked with backpressure. */
  send(payload: DataPayload): Promise<void> {
    if (!this.data) return Promise.reject(new RelayError('DATA_CHANNEL_NOT_OPEN', `'${this.streamId}' has no data channel`));
    return this.data.send(payload);
  }

  sendJSON(value: unknown): Promise<void> {
    return this.send(JSON.stringify(value));
  }

  /**
   * Ends the stream: tells the server, closes the peer connection, and resolves once
   * the server confirms (or after a short grace period; the stream is closed locally either way).
   */
  async stop(): Promise<void> {
    if (this.finished) return;
    const notify = this.requestSent && this.context.connected;
    const confirmation = notify ? this.context.waitFor((m) => this.isFinishedNotice(m), { timeoutMs: STOP_CONFIRM_TIMEOUT_MS }) : undefined;
    if (notify) this.sendQuietly(this.stopRequest());
    this.finish(this.stoppedState, new RelayError('ABORTED', `'${this.streamId}' was stopped before it started`));
    await confirmation?.catch(() => undefined);
  }

  /** @internal Sends the request and resolves when the server confirms it. Called once by RelayClient. */
  async open(wait: WaitOptions): Promise<this> {
    try {
      await this.attempt(wait);
      return this;
    } catch (error) {
      this.fail(error);
      throw error;
    }
  }

  /** @internal Routes one message for this stream. */
  handle(message: SessionMessage): void {
    if (this.finished) return;
    if (message.command === 'takeCandidate') {
      void this.peer?.addRemoteCandidate({ candidate: message.candidate, sdpMLineIndex: message.label, sdpMid: message.id });
    } else if (message.command === 'error') {
      const error = RelayError.fromServer(message);
      if (this.pending) {
        // The server refused the request and holds nothing to stop.
        this.requestSent = false;
        this.pending.reject(error);
      }
      else if (!this.serverErrorHandled(error)) this.events.safeEmit('error', error as E['error']);
    } else {
      this.handleMessage(message);
    }
  }

  /** @internal The WebSocket closed under us: the server has ended this stream. */
  handleSignalingClosed(error: RelayError): void {
    if (this.finished) return;
    if (!this.wasLive || !this.context.reconnectPolicy) return this.fail(error, false);
    // A closed socket ended all its streams on the server: nothing to stop there.
    this.requestSent = false;
    this.ownStops = 0;
    this.closePeer();
    this.pending?.reject(error);
    this.recovery.suspend(error);
  }

  /** @internal The WebSocket is open again. */
  handleSignalingReopened(): void {
    if (!this.finished) this.recovery.resume();
  }

  // --- Recoverable ---------------------------------------------------------

  /** @internal */
  restartIce(): Promise<void> | undefined {
    return undefined;
  }

  /** @internal */
  async reestablish(): Promise<void> {
    if (this.requestSent && this.context.connected) {
      this.ownStops++;
      this.sendQuietly(this.stopRequest());
    }
    await this.attempt({ timeoutMs: this.context.timeoutMs });
  }

  /** @internal */
  reconnecting(attempt: number, delayMs: number, error: RelayError): void {
    if (attempt === 0) this.setState('reconnecting' as S);
    this.events.safeEmit('reconnecting', { attempt, delayMs, error } as E['reconnecting']);
  }

  /** @internal */
  reconnected(): void {
    this.base.safeEmit('reconnected');
  }

  /** @internal */
  gaveUp(error: RelayError): void {
    this.fail(error);
  }

  // --- for subclasses ----------------------------------------------------------

  protected abstract readonly stoppedState: S & BaseState;
  protected abstract readonly failedState: S & BaseState;
  protected abstract request(): ClientMessage;
  protected abstract preparePeer(peer: PeerSession): void;
  protected abstract handleMessage(message: Exclude<SessionMessage, { command: 'takeCandidate' | 'error' }>): void;
  protected abstract isFinishedNotice(message: ServerMessage): boolean;

  protected stopRequest(): ClientMessage {
    return stopCommand(this.streamId);
  }

  /** A server error while live; true when the subclass dealt with it. */
  protected serverErrorHandled(_error: RelayError): boolean {
    return false;
  }

  protected get isOpening(): boolean {
    return this.pending !== undefined;
  }

  /** True (once) when a *_finished answers a stop we sent to set the stream up again. */
  protected ownStopConfirmed(): boolean {
    if (this.ownStops === 0) return false;
    this.ownStops--;
    return true;
  }

  /** The server ended the stream: fails a pending attempt, recovers a live stream, or ends it. */
  protected lost(error: RelayError): void {
    if (this.pending) this.pending.reject(error);
    else if (this.wasLive && this.context.reconnectPolicy) this.recovery.start(error, false);
    else this.finish(this.stoppedState, error);
  }

  /** The server confirmed the stream: resolve the attempt. */
  protected started(state: S): void {
    this.wasLive = true;
    this.setState(state);
    this.startStats();
    this.pending?.resolve();
  }

  /** Ends the session in `state` (e.g. 'ended'); a pending attempt rejects with `reason`. */
  protected finish(state: S, reason: RelayError): void {
    if (this.finished) return;
    this.finished = true;
    this.recovery.cancel();
    this.context.release(this.streamId);
    this.closePeer();
    this.pending?.reject(reason);
    this.setState(state);
  }

  /** Fails the session with a coded error; tells the server unless it was the server that refused. */
  protected fail(error: unknown, notifyServer = true): void {
    if (this.finished) return;
    const relayError = error instanceof RelayError ? error : new RelayError('NEGOTIATION_FAILED', String(error), { cause: error });
    this.logger.warn('failed:', relayError.code, relayError.message);
    if (notifyServer && relayError.definition === undefined && this.requestSent) this.sendQuietly(this.stopRequest());
    this.events.safeEmit('error', relayError as E['error']);
    this.finish(this.failedState, relayError);
  }

  protected sendQuietly(message: ClientMessage): void {
    if (!this.context.connected) return;
    try {
      this.context.send(message);
    } catch (error) {
      this.logger.debug(`'${message.command}' not sent`, error);
    }
  }

  protected setState(state: S): void {
    if (state === this.stateValue) return;
    this.stateValue = state;
    this.events.safeEmit('state', state as E['state']);
  }

  /** The events every session has, typed without the subclass's extras. */
  private get base(): Emitter<SessionEvents<S>> {
    return this.events as unknown as Emitter<SessionEvents<S>>;
  }

  /** Wraps a data channel (ours or the remote side's) and forwards its events. */
  protected attachData(channel: DataChannelLike): void {
    const data = new DataChannel(channel, this.logger);
    this.data = data;
    data.on('open', () => this.base.safeEmit('dataOpen'));
    data.on('close', () => this.data === data && this.base.safeEmit('dataClose'));
    data.on('message', (message) => this.events.safeEmit('message', message as E['message']));
    data.on('error', (error) => this.events.safeEmit('error', error as E['error']));
  }

  /** One try: a new peer connection, the request, and the server's confirmation. */
  private attempt(wait: WaitOptions): Promise<void> {
    const pending = deferred<void>(this.context.scheduler, `${this.kind} of '${this.streamId}'`, {
      timeoutMs: wait.timeoutMs ?? this.context.timeoutMs,
      signal: wait.signal,
    });
    this.pending = pending;
    const settled = () => {
      if (this.pending === pending) this.pending = undefined;
    };
    pending.promise.then(settled, settled);
    try {
      this.newPeer();
      this.context.send(this.request());
      this.requestSent = true;
    } catch (error) {
      pending.reject(error);
    }
    return pending.promise;
  }

  /** Replaces the peer connection with a fresh one (the old one is closed). */
  protected newPeer(): PeerSession {
    this.closePeer();
    const peer = this.context.createPeer(this.logger.child('peer'));
    this.peer = peer;
    this.sampler = new StatsSampler(this.context.scheduler.now());
    peer.on('localCandidate', (c) => this.sendQuietly(takeCandidateCommand(this.streamId, c.sdpMLineIndex, c.sdpMid, c.candidate)));
    peer.on('connectionState', (state) => this.handleConnectionState(state));
    this.preparePeer(peer);
    return peer;
  }

  private handleConnectionState(state: PeerConnectionState): void {
    this.events.safeEmit('connectionState', state as E['connectionState']);
    if (this.pending) {
      if (state === 'failed') this.pending.reject(new RelayError('ICE_FAILED', `The media connection of '${this.streamId}' failed`));
      return;
    }
    this.recovery.connectionState(state);
  }

  private closePeer(): void {
    this.stopStats();
    this.data = undefined;
    this.peer?.close();
    this.peer = undefined;
  }

  private startStats(): void {
    const period = this.context.statsIntervalMs;
    if (period <= 0 || this.statsTimer !== undefined) return;
    this.statsTimer = this.context.scheduler.setInterval(() => {
      if (this.events.listenerCount('stats') === 0 || !this.peer) return;
      this.getStreamStats().then(
        (stats) => this.events.safeEmit('stats', stats as E['stats']),
        (error: unknown) => this.logger.debug('stats failed', error),
      );
    }, period);
  }

  private stopStats(): void {
    if (this.statsTimer !== undefined) this.context.scheduler.clearInterval(this.statsTimer);
    this.statsTimer = undefined;
  }
}

export function assertNever(value: never): never {
  throw new TypeError(`unhandled value ${JSON.stringify(value)}`);
}
