/**
 * The WebSocket to the server: JSON frames built by `protocol/build.ts` out,
 * validated `ServerMessage`s in (one typed event per command), a ping every
 * 3 s, and `waitFor` to await the first message matching a predicate.
 */
import { CONNECT_TIMEOUT_MS, MISSED_PINGS_BEFORE_CLOSE, PING_INTERVAL_MS } from '../core/defaults.js';
import { deferred, type Deferred, type WaitOptions } from '../core/deferred.js';
import { Emitter, type Unsubscribe } from '../core/emitter.js';
import { RelayError, toRelayError } from '../core/errors.js';
import { Logger } from '../core/logger.js';
import { systemScheduler, type Scheduler, type TimerHandle } from '../core/scheduler.js';
import {
  ErrorDefinition,
  parseServerMessage,
  pingCommand,
  type ClientMessage,
  type ServerCommandName,
  type ServerMessage,
  type ServerMessageOf,
} from '../protocol/index.js';
import { hostWebSocket, WS_OPEN, type WebSocketConstructor, type WebSocketLike } from './webSocket.js';

export interface SignalingCloseInfo {
  code: number;
  reason: string;
  /** True when close() was called on this side. */
  local: boolean;
  /** Present when the socket closed without us asking (code 'SIGNALING_CLOSED'). */
  error?: RelayError;
}

export type SignalingEvents = { [C in ServerCommandName]: ServerMessageOf<C> } & {
  open: undefined;
  close: SignalingCloseInfo;
  /** Every valid message, before its per-command event. */
  message: ServerMessage;
};

export type SignalingState = 'idle' | 'connecting' | 'open' | 'closed';

export interface SignalingClientOptions {
  url: string;
  WebSocket?: WebSocketConstructor;
  scheduler?: Scheduler;
  logger?: Logger;
  pingIntervalMs?: number;
}

export class SignalingClient {
  readonly url: string;
  private readonly events: Emitter<SignalingEvents>;
  private readonly scheduler: Scheduler;
  private readonly logger: Logger;
  private readonly WebSocketImpl: WebSocketConstructor | undefined;
  private readonly pingIntervalMs: number;
  private socket: WebSocketLike | undefined;
  private opening: Deferred<void> | undefined;
  private pingTimer: TimerHandle | undefined;
  /** Pings sent since the server last said anything. */
  private unanswered = 0;
  private stateValue: SignalingState = 'idle';
  /** waitFor()s still waiting; each says whether a message is its answer. They hear a message before any listener. */
  private readonly waiters = new Set<(message: ServerMessage) => boolean>();
  /** Messages a waitFor() took as its answer. */
  private readonly answers = new WeakSet<ServerMessage>();

  constructor(options: SignalingClientOptions) {
    this.url = options.url;
    this.scheduler = options.scheduler ?? systemScheduler;
    this.logger = options.logger ?? new Logger('relayrtc:signaling');
    this.WebSocketImpl = options.WebSocket ?? hostWebSocket();
    this.pingIntervalMs = options.pingIntervalMs ?? PING_INTERVAL_MS;
    this.events = new Emitter((error, name) => this.logger.error(`listener of '${name}' threw`, error));
  }

  get state(): SignalingState {
    return this.stateValue;
  }

  on<K extends keyof SignalingEvents>(name: K, listener: (payload: SignalingEvents[K]) => void): Unsubscribe {
    return this.events.on(name, listener);
  }

  /** Opens the socket; resolves once it is open. Calling it while open or opening shares that attempt. */
  connect(options: WaitOptions = {}): Promise<void> {
    if (this.stateValue === 'open') return Promise.resolve();
    if (this.opening) return this.opening.promise;
    if (!this.WebSocketImpl) {
      return Promise.reject(new RelayError('WEBSOCKET_UNSUPPORTED', 'This environment has no WebSocket'));
    }
    const opening = deferred<void>(this.scheduler, `the WebSocket to ${this.url} to open`, {
      timeoutMs: options.timeoutMs ?? CONNECT_TIMEOUT_MS,
      signal: options.signal,
    });
    this.opening = opening;
    // A timeout or abort while connecting drops the half-open socket.
    opening.promise.catch(() => {
      if (this.stateValue !== 'connecting') return;
      const socket = this.socket;
      this.opening = undefined;
      this.detach();
      socket?.close();
    });

    let socket: WebSocketLike;
    try {
      socket = new this.WebSocketImpl(this.url);
    } catch (error) {
      this.opening = undefined;
      opening.reject(toRelayError(error, 'SIGNALING_FAILED', `Could not open a WebSocket to ${this.url}`));
      return opening.promise;
    }
    this.socket = socket;
    this.stateValue = 'connecting';
    socket.onopen = () => this.handleOpen();
    socket.onmessage = (event) => this.handleFrame(event.data);
    socket.onerror = (event) => this.logger.warn('WebSocket error', event);
    socket.onclose = (event) => this.handleClose(event.code, event.reason);
    return opening.promise;
  }

  /** Sends one message; throws RelayError 'NOT_CONNECTED' unless the socket is open. */
  send(message: ClientMessage): void {
    const socket = this.socket;
    if (this.stateValue !== 'open' || !socket || socket.readyState !== WS_OPEN) {
      throw new RelayError('NOT_CONNECTED', `Cannot send '${message.command}': the WebSocket is not open`);
    }
    if (message.command !== 'ping') this.logger.debug('→', message);
    socket.send(JSON.stringify(message));
  }

  /**
   * Resolves with the first message for which `predicate` is true. Rejects on
   * timeout ('TIMEOUT'), abort ('ABORTED') or when the socket closes ('SIGNALING_CLOSED').
   */
  waitFor<M extends ServerMessage>(predicate: (message: ServerMessage) => message is M, options?: WaitOptions): Promise<M>;
  waitFor(predicate: (message: ServerMessage) => boolean, options?: WaitOptions): Promise<ServerMessage>;
  waitFor(predicate: (message: ServerMessage) => boolean, options: WaitOptions = {}): Promise<ServerMessage> {
    if (this.stateValue !== 'open' && this.stateValue !== 'connecting') {
      return Promise.reject(new RelayError('NOT_CONNECTED', 'Cannot wait for a message: the WebSocket is not open'));
    }
    const waiting = deferred<ServerMessage>(this.scheduler, 'a message from the server', options);
    const waiter = (message: ServerMessage) => {
      if (!predicate(message)) return false;
      waiting.resolve(message);
      return true;
    };
    this.waiters.add(waiter);
    const offClose = this.events.on('close', (info) => {
      waiting.reject(info.error ?? new RelayError('SIGNALING_CLOSED', 'The WebSocket was closed'));
    });
    const cleanup = () => {
      this.waiters.delete(waiter);
      offClose();
    };
    waiting.promise.then(cleanup, cleanup);
    return waiting.promise;
  }

  /** True when `message` answered a waitFor(): whoever asked has it (a refused query is not reported again). */
  answeredRequest(message: ServerMessage): boolean {
    return this.answers.has(message);
  }

  /** Closes the socket from this side; emits 'close' at once. */
  close(code = 1000, reason = 'client closed'): void {
    if (this.stateValue === 'closed' || this.stateValue === 'idle') return;
    const socket = this.socket;
    this.detach();
    try {
      socket?.close(code, reason);
    } catch (error) {
      this.logger.warn('closing the WebSocket threw', error);
    }
    this.opening?.reject(new RelayError('SIGNALING_CLOSED', 'The WebSocket was closed before it opened'));
    this.opening = undefined;
    this.events.safeEmit('close', { code, reason, local: true });
  }

  private handleOpen(): void {
    this.stateValue = 'open';
    this.unanswered = 0;
    this.pingTimer = this.scheduler.setInterval(() => this.ping(), this.pingIntervalMs);
    this.logger.debug('open', this.url);
    const opening = this.opening;
    this.opening = undefined;
    opening?.resolve();
    this.events.safeEmit('open');
  }

  private ping(): void {
    if (++this.unanswered > MISSED_PINGS_BEFORE_CLOSE) {
      // The network dropped without closing the socket: give up on it so reconnection can start.
      const socket = this.socket;
      this.handleClose(4000, 'the server stopped answering pings');
      try {
        socket?.close(4000, 'no pong');
      } catch {
        // already closing
      }
      return;
    }
    try {
      this.send(pingCommand());
    } catch (error) {
      this.logger.debug('ping not sent', error);
    }
  }

  private handleFrame(data: unknown): void {
    this.unanswered = 0;
    if (typeof data !== 'string') {
      this.logger.warn('ignoring a binary frame');
      return;
    }
    const result = parseServerMessage(data);
    if (!result.ok) {
      // Like the official client, ignore commands we do not know; anything else malformed is worth a warning.
      const unknown = result.violation.definition === ErrorDefinition.unknownCommand;
      this.logger[unknown ? 'debug' : 'warn']('ignoring frame:', result.violation.information);
      return;
    }
    const message = result.message;
    if (message.command !== 'pong') this.logger.debug('←', message);
    for (const waiter of Array.from(this.waiters)) if (waiter(message)) this.answers.add(message);
    this.events.safeEmit('message', message);
    (this.events as unknown as Emitter<Record<string, ServerMessage>>).safeEmit(message.command, message);
  }

  private handleClose(code: number, reason: string): void {
    const wasOpen = this.stateValue === 'open';
    this.detach();
    const error = new RelayError(
      wasOpen ? 'SIGNALING_CLOSED' : 'SIGNALING_FAILED',
      wasOpen
        ? `The WebSocket to ${this.url} closed (code ${code}${reason ? `, ${reason}` : ''})`
        : `Could not connect to ${this.url} (code ${code})`,
    );
    const opening = this.opening;
    this.opening = undefined;
    opening?.reject(error);
    this.events.safeEmit('close', { code, reason, local: false, error });
  }

  /** Forgets the socket and its timers; no event is emitted. */
  private detach(): void {
    if (this.pingTimer !== undefined) this.scheduler.clearInterval(this.pingTimer);
    this.pingTimer = undefined;
    const socket = this.socket;
    if (socket) {
      socket.onopen = null;
      socket.onmessage = null;
      socket.onerror = null;
      socket.onclose = null;
    }
    this.socket = undefined;
    this.stateValue = 'closed';
  }
}
