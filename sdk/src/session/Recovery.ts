/**
 * Keeps one live stream alive. ICE `disconnected` gets a grace period, then
 * (like `failed`) an ICE restart where the session can offer one; when that
 * is impossible or does not reconnect in time, the stream is set up again
 * from scratch (re-publish, re-play, re-join) as the reconnect policy paces
 * it. A lost WebSocket suspends recovery until the client has a socket again.
 */
import { ICE_DISCONNECTED_GRACE_MS, ICE_RESTART_TIMEOUT_MS } from '../core/defaults.js';
import { deferred, type Deferred } from '../core/deferred.js';
import { RelayError, type RelayErrorCode } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { Scheduler, TimerHandle } from '../core/scheduler.js';
import type { PeerConnectionState, PeerSession } from '../peer/PeerSession.js';
import type { ReconnectPolicy } from '../reconnect/ReconnectPolicy.js';
import { retry, type RetryHandle } from '../reconnect/retry.js';

/** What Recovery needs from the session it keeps alive. */
export interface Recoverable {
  /** Restarts ICE on the current connection; undefined when this session cannot (it does not offer). */
  restartIce(): Promise<void> | undefined;
  /** Tears the stream down and sets it up again; resolves when it is live. */
  reestablish(): Promise<void>;
  reconnecting(attempt: number, delayMs: number, error: RelayError): void;
  reconnected(): void;
  gaveUp(error: RelayError): void;
}

/** Errors no retry can fix. */
const FINAL: readonly RelayErrorCode[] = [
  'UNAUTHORIZED_ACCESS',
  'INVALID_STREAM_NAME',
  'NO_STREAM_NAME_SPECIFIED',
  'VIEWER_LIMIT_REACHED',
  'WEBRTC_UNSUPPORTED',
  'ABORTED',
];

const SUSPENDED = new RelayError('ABORTED', 'suspended until the WebSocket is back');

export class Recovery {
  private loop: RetryHandle | undefined;
  private graceTimer: TimerHandle | undefined;
  private busy = false;
  private waitingForSocket = false;

  constructor(
    private readonly target: Recoverable,
    private readonly policy: ReconnectPolicy | undefined,
    private readonly scheduler: Scheduler,
    private readonly logger: Logger,
  ) {}

  /** True from the loss until the stream is live again (or given up). */
  get active(): boolean {
    return this.busy;
  }

  /** Feeds the live stream's connection state. */
  connectionState(state: PeerConnectionState): void {
    if (state === 'connected') this.clearGrace();
    if (this.busy) return;
    if (state === 'disconnected' && this.graceTimer === undefined) {
      this.graceTimer = this.scheduler.setTimeout(() => {
        this.graceTimer = undefined;
        this.start(new RelayError('ICE_FAILED', 'The media connection was interrupted'), true);
      }, ICE_DISCONNECTED_GRACE_MS);
    }
    if (state === 'failed') this.start(new RelayError('ICE_FAILED', 'The media connection failed'), true);
  }

  /** The WebSocket dropped: the server has ended the stream; wait for resume(). */
  suspend(error: RelayError): void {
    this.clearGrace();
    this.loop?.cancel(SUSPENDED);
    this.loop = undefined;
    this.waitingForSocket = true;
    if (!this.busy) {
      this.busy = true;
      this.target.reconnecting(0, 0, error);
    }
  }

  /** The WebSocket is back: set the stream up again. */
  resume(): void {
    if (!this.waitingForSocket) return;
    this.waitingForSocket = false;
    this.startLoop(new RelayError('SIGNALING_CLOSED', 'The WebSocket was reconnected'));
  }

  /** Skips the current backoff wait (the stream we wait for has started). */
  hurry(): void {
    this.loop?.hurry();
  }

  cancel(): void {
    this.clearGrace();
    this.loop?.cancel(new RelayError('ABORTED', 'stopped'));
    this.loop = undefined;
    this.busy = false;
    this.waitingForSocket = false;
  }

  /** Starts recovering (unless already): an ICE restart first when asked and possible. */
  start(error: RelayError, tryIceRestart: boolean): void {
    if (this.busy) return;
    if (!this.policy) {
      this.target.gaveUp(error);
      return;
    }
    this.busy = true;
    this.logger.info('recovering:', error.message);
    this.target.reconnecting(0, 0, error);
    const restart = tryIceRestart ? this.target.restartIce() : undefined;
    if (!restart) {
      this.startLoop(error);
      return;
    }
    restart.then(
      () => this.done(),
      (restartError: unknown) => {
        this.logger.info('ICE restart did not reconnect; setting the stream up again', restartError);
        if (this.busy && !this.waitingForSocket) this.startLoop(error);
      },
    );
  }

  private startLoop(cause: RelayError): void {
    if (!this.policy) return this.target.gaveUp(cause);
    this.busy = true;
    const loop = retry({
      policy: this.policy,
      scheduler: this.scheduler,
      cause,
      run: () => this.target.reestablish(),
      retryable: (error) => FINAL.indexOf(error.code) < 0,
      onAttempt: (attempt, delayMs, error) => this.target.reconnecting(attempt, delayMs, error),
    });
    this.loop = loop;
    loop.promise.then(
      () => this.loop === loop && this.done(),
      (error: RelayError) => {
        if (this.loop !== loop) return;
        this.loop = undefined;
        this.busy = false;
        this.target.gaveUp(error);
      },
    );
  }

  private done(): void {
    this.loop = undefined;
    this.busy = false;
    this.target.reconnected();
  }

  private clearGrace(): void {
    if (this.graceTimer !== undefined) this.scheduler.clearTimeout(this.graceTimer);
    this.graceTimer = undefined;
  }
}

/** Settles when `peer` is connected again after an ICE restart, or rejects with TIMEOUT. */
export function awaitIceRestart(peer: PeerSession, scheduler: Scheduler, what: string): Deferred<void> {
  const waiting = deferred<void>(scheduler, `the ICE restart of ${what}`, { timeoutMs: ICE_RESTART_TIMEOUT_MS });
  const off = peer.on('connectionState', (state) => state === 'connected' && waiting.resolve());
  waiting.promise.then(off, off);
  return waiting;
}
