/**
 * What Publisher and Player share: the opening promise that settles on the
 * server's answer (or a timeout/abort), ICE candidate relay in both
 * directions, coded failures, stop(), and getStats().
 */
import { STOP_CONFIRM_TIMEOUT_MS } from '../core/defaults.js';
import { deferred, type Deferred } from '../core/deferred.js';
import { Emitter, type Unsubscribe } from '../core/emitter.js';
import { RelayError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { PeerConnectionState, PeerSession } from '../peer/PeerSession.js';
import { stopCommand, takeCandidateCommand, type ClientMessage, type ServerMessage } from '../protocol/index.js';
import type { SessionContext, SessionMessage, SessionOptions } from './SessionContext.js';

export interface SessionEvents<S extends string> {
  state: S;
  error: RelayError;
  connectionState: PeerConnectionState;
  /** Server notifications for this stream that have no dedicated event (bitrateMeasurement, …). */
  notification: ServerMessage & { command: 'notification' };
}

export abstract class StreamSession<S extends string, E extends SessionEvents<S>> {
  readonly streamId: string;
  protected readonly context: SessionContext;
  protected readonly logger: Logger;
  protected readonly events: Emitter<E>;
  protected peer: PeerSession | undefined;
  private readonly opening: Deferred<this>;
  private stateValue: S;
  /** Stopped, ended or failed: the session is closed and no longer routed messages. */
  private finished = false;
  /** The publish/play request went out, so the server may hold state we must release. */
  private requestSent = false;

  protected constructor(kind: string, streamId: string, initial: S, context: SessionContext, options: SessionOptions) {
    this.streamId = streamId;
    this.context = context;
    this.stateValue = initial;
    this.logger = context.logger.child(`${kind}:${streamId}`);
    this.events = new Emitter((error, name) => this.logger.error(`listener of '${name}' threw`, error));
    this.opening = deferred<this>(context.scheduler, `${kind} of '${streamId}'`, {
      timeoutMs: options.timeoutMs ?? context.timeoutMs,
      signal: options.signal,
    });
    // A timeout or abort ends the attempt like any other failure.
    this.opening.promise.catch((error: unknown) => this.fail(error));
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

  /**
   * Ends the stream: sends `stop`, closes the peer connection, and resolves once
   * the server confirms (or after a short grace period; the stream is closed locally either way).
   */
  async stop(): Promise<void> {
    if (this.finished) return;
    const confirmation = this.requestSent && this.context.connected
      ? this.context.waitFor((m) => this.isFinishedNotice(m), { timeoutMs: STOP_CONFIRM_TIMEOUT_MS })
      : undefined;
    if (this.requestSent) this.sendQuietly(stopCommand(this.streamId));
    this.finish(this.stoppedState, new RelayError('ABORTED', `'${this.streamId}' was stopped before it started`));
    await confirmation?.catch(() => undefined);
  }

  /** Sends the request, then waits for the server's answer. Called once by RelayClient. */
  async open(): Promise<this> {
    try {
      this.peer = this.context.createPeer(this.logger.child('peer'));
    } catch (error) {
      this.opening.reject(error);
      return this.opening.promise;
    }
    this.peer.on('localCandidate', (c) => this.sendQuietly(takeCandidateCommand(this.streamId, c.sdpMLineIndex, c.sdpMid, c.candidate)));
    this.peer.on('connectionState', (state) => this.handleConnectionState(state));
    try {
      this.preparePeer(this.peer);
      this.context.send(this.request());
      this.requestSent = true;
    } catch (error) {
      this.opening.reject(error);
    }
    return this.opening.promise;
  }

  /** Routes one message for this stream. */
  handle(message: SessionMessage): void {
    if (this.finished) return;
    switch (message.command) {
      case 'takeCandidate':
        void this.peer?.addRemoteCandidate({ candidate: message.candidate, sdpMLineIndex: message.label, sdpMid: message.id });
        return;
      case 'error':
        this.fail(RelayError.fromServer(message), false);
        return;
      case 'start':
      case 'stop':
      case 'takeConfiguration':
      case 'notification':
      case 'streamInformation':
        this.handleMessage(message);
        return;
      default:
        assertNever(message);
    }
  }

  /** The WebSocket closed under us: nothing can be sent any more. */
  handleSignalingClosed(error: RelayError): void {
    this.fail(error, false);
  }

  protected abstract readonly stoppedState: S;
  protected abstract readonly failedState: S;
  protected abstract request(): ClientMessage;
  protected abstract preparePeer(peer: PeerSession): void;
  protected abstract handleMessage(message: Exclude<SessionMessage, { command: 'takeCandidate' | 'error' }>): void;
  protected abstract isFinishedNotice(message: ServerMessage): boolean;

  protected get isOpening(): boolean {
    return !this.opening.settled;
  }

  /** The server confirmed the stream: resolve publish()/play(). */
  protected started(state: S): void {
    this.setState(state);
    this.opening.resolve(this);
  }

  /** Ends the session in `state` (e.g. 'ended'); a pending open() rejects with `reason`. */
  protected finish(state: S, reason: RelayError): void {
    if (this.finished) return;
    this.finished = true;
    this.context.release(this.streamId);
    this.peer?.close();
    this.opening.reject(reason);
    this.setState(state);
  }

  /** Fails the session with a coded error; tells the server unless it was the server that refused. */
  protected fail(error: unknown, notifyServer = true): void {
    if (this.finished) return;
    const relayError = error instanceof RelayError ? error : new RelayError('NEGOTIATION_FAILED', String(error), { cause: error });
    this.logger.warn('failed:', relayError.code, relayError.message);
    if (notifyServer && this.requestSent) this.sendQuietly(stopCommand(this.streamId));
    this.baseEvents.safeEmit('error', relayError);
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
    this.baseEvents.safeEmit('state', state);
  }

  /** The events every session has, typed without the subclass's extras. */
  private get baseEvents(): Emitter<SessionEvents<S>> {
    return this.events as unknown as Emitter<SessionEvents<S>>;
  }

  private handleConnectionState(state: PeerConnectionState): void {
    this.baseEvents.safeEmit('connectionState', state);
    if (state === 'failed') this.fail(new RelayError('ICE_FAILED', `The media connection of '${this.streamId}' failed`));
  }
}

export function assertNever(value: never): never {
  throw new TypeError(`unhandled value ${JSON.stringify(value)}`);
}
