/**
 * What Publisher, Player and PeerCall share: an attempt that settles on the
 * server's answer (or a timeout/abort), ICE candidates both ways, coded
 * failures, stop(), and recovery after a lost connection (session/Recovery.ts).
 * Events, stats and the data channel are in SessionBase.
 */
import { deferred, type Deferred, type WaitOptions } from '../core/deferred.js';
import { RelayError } from '../core/errors.js';
import type { PeerConnectionState, PeerSession } from '../peer/PeerSession.js';
import { stopCommand, takeCandidateCommand, type ClientMessage, type ServerMessage } from '../protocol/index.js';
import { Recovery, type Recoverable } from './Recovery.js';
import { SessionBase, type SessionEvents } from './SessionBase.js';
import type { SessionContext, SessionMessage } from './SessionContext.js';

export type { ReconnectingInfo, SessionEvents } from './SessionBase.js';

type BaseState = 'connecting' | 'reconnecting' | 'stopped' | 'failed';

export abstract class StreamSession<S extends string, E extends SessionEvents<S>> extends SessionBase<S, E> implements Recoverable {
  protected readonly recovery: Recovery;
  private pending: Deferred<void> | undefined;
  /** Stopped, ended or failed: closed for good, no longer routed messages. */
  private finished = false;
  /** The request went out, so the server may hold state we must release. */
  private requestSent = false;
  /** Went live once: losses are then recovered instead of failing open(). */
  private wasLive = false;
  /** Stops we sent to set the stream up again, whose *_finished must not end it. */
  private ownStops = 0;

  protected constructor(private readonly kind: string, streamId: string, context: SessionContext) {
    super(kind, streamId, context);
    this.recovery = new Recovery(this, context.reconnectPolicy, context.scheduler, this.logger);
  }

  /**
   * Ends the stream: tells the server, closes the peer connection, and resolves once
   * the server confirms (or after a short grace period; the stream is closed locally either way).
   */
  async stop(): Promise<void> {
    if (this.finished) return;
    await this.finish(this.stoppedState, new RelayError('ABORTED', `'${this.streamId}' was stopped before it started`), this.requestSent);
  }

  /** @internal Sends the request and resolves when the server confirms it. Called once by RelayClient. */
  async open(wait: WaitOptions): Promise<this> {
    // stop() came while RelayClient waited for the server to answer an earlier stop of this id.
    if (this.finished) throw new RelayError('ABORTED', `'${this.streamId}' was stopped before it started`);
    try {
      await this.attempt(wait);
      return this;
    } catch (error) {
      if (error instanceof RelayError && this.waitsInstead(error)) return this;
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
    this.dropAttempt(error);
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

  /** The first request failed with `error`: true when the subclass keeps the session open anyway (a player waiting for its stream). */
  protected waitsInstead(_error: RelayError): boolean {
    return false;
  }

  /** The WebSocket closed: the server has ended the stream, so forget the request and close the peer; a pending attempt rejects with `error`. */
  protected dropAttempt(error: RelayError): void {
    this.requestSent = false;
    this.ownStops = 0;
    this.closePeer();
    this.pending?.reject(error);
  }

  /** A server error while live; true when the subclass dealt with it. */
  protected serverErrorHandled(_error: RelayError): boolean {
    return false;
  }

  protected get isOpening(): boolean {
    return this.pending !== undefined;
  }

  /** The attempt in progress (undefined when none): compare it later to know the same one still is. */
  protected get currentAttempt(): object | undefined {
    return this.pending;
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
    this.stats.start();
    this.pending?.resolve();
  }

  /**
   * Ends the session in `state` (e.g. 'ended'); a pending attempt rejects with `reason`.
   * With `tellServer`, sends the stop request; resolves when the server has answered it
   * (its *_finished, or the refusal of the request still pending) or after STOP_CONFIRM_TIMEOUT_MS.
   */
  protected finish(state: S, reason: RelayError, tellServer = false): Promise<void> {
    if (this.finished) return Promise.resolve();
    this.finished = true;
    this.recovery.cancel();
    const opening = this.pending !== undefined;
    const stopSent = tellServer && this.sendQuietly(this.stopRequest());
    const answersStop = (message: ServerMessage) =>
      this.isFinishedNotice(message) || (opening && message.command === 'error' && message.streamId === this.streamId);
    const released = this.context.release(this.streamId, stopSent ? answersStop : undefined);
    this.closePeer();
    this.pending?.reject(reason);
    this.setState(state);
    return released;
  }

  /** Fails the session with a coded error; tells the server unless it was the server that refused. */
  protected fail(error: unknown, notifyServer = true): void {
    if (this.finished) return;
    const relayError = error instanceof RelayError ? error : new RelayError('NEGOTIATION_FAILED', String(error), { cause: error });
    this.logger.warn('failed:', relayError.code, relayError.message);
    const tellServer = notifyServer && relayError.definition === undefined && this.requestSent;
    this.events.safeEmit('error', relayError as E['error']);
    void this.finish(this.failedState, relayError, tellServer);
  }

  /** Sends `message` if the WebSocket is open; true when it went out. */
  protected sendQuietly(message: ClientMessage): boolean {
    if (!this.context.connected) return false;
    try {
      this.context.send(message);
      return true;
    } catch (error) {
      this.logger.debug(`'${message.command}' not sent`, error);
      return false;
    }
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
    // A signal aborted before this try (e.g. while an earlier stop of this id was awaited): nothing to ask, no peer to open.
    if (pending.settled) return pending.promise;
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
    this.stats.reset();
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

}

export function assertNever(value: never): never {
  throw new TypeError(`unhandled value ${JSON.stringify(value)}`);
}
