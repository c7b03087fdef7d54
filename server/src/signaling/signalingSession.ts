/**
 * One WebSocket's signaling: validates every frame, runs commands strictly in
 * arrival order (the official client relies on stop-then-publish ordering,
 * checklist item 8), and owns every stream the socket publishes or plays so
 * closing it frees them all.
 */
import { randomUUID } from 'node:crypto';
import { ErrorDefinition, errorMessage, parseClientMessage, type ErrorDefinitionValue } from 'relayrtc/protocol';
import type { ServerContext } from './context.js';
import { dispatch } from './dispatch.js';
import { leaveCall } from './handlers/peerToPeer.js';
import { MessageRate } from './messageRate.js';
import type { PlaySession } from './playSession.js';
import type { PublishSession } from './publishSession.js';
import type { RoomPlaySession } from './roomPlaySession.js';

export interface SocketTransport {
  send(text: string): void;
  /** Bytes queued and not yet written to the network (a client that does not read makes this grow). */
  bufferedBytes?(): number;
}

/** Past this much unsent output, over-rate frames are dropped without an answer: the client is not reading. */
const MAX_BACKLOG_FOR_REFUSALS = 1024 * 1024;

/** Where the socket came from (its upgrade request), for access checks, the REST API and logs. */
export interface SessionInfo {
  /** The `{app}` of `/{app}/websocket`. */
  app: string;
  remoteAddress: string;
  userAgent: string;
  origin: string;
}

const NO_INFO: SessionInfo = { app: 'LiveApp', remoteAddress: '', userAgent: '', origin: '' };

export class SignalingSession {
  readonly id = randomUUID();
  readonly publishes = new Map<string, PublishSession>();
  readonly plays = new Map<string, PlaySession>();
  /** Rooms this socket plays (a room id is never also a stream id). */
  readonly roomPlays = new Map<string, RoomPlaySession>();
  /** Participant id → room, from legacy joinRoom (§4.4.4): that id's publish joins the room without a mainTrack. */
  readonly joinedRooms = new Map<string, string>();
  readonly connectedAt = Date.now();
  private queue: Promise<void> = Promise.resolve();
  private closed = false;
  private readonly rate: MessageRate;

  constructor(
    readonly ctx: ServerContext,
    private readonly transport: SocketTransport,
    readonly info: SessionInfo = NO_INFO,
  ) {
    const { messagesPerSecond, messageBurst } = ctx.config.limits;
    this.rate = new MessageRate(ctx.clock, messagesPerSecond, messageBurst);
  }

  /** Peer connections this socket holds: one per publish and per play. */
  get peerCount(): number {
    return this.publishes.size + this.plays.size + this.roomPlays.size;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  send(message: { command?: unknown; definition?: unknown }): void {
    if (this.closed) return;
    if (message.command === 'error') this.ctx.observer.errorSent(message.definition as ErrorDefinitionValue);
    this.transport.send(JSON.stringify(message));
  }

  /** Entry point for every text frame; `byteLength` is the frame's size on the wire. */
  receive(text: string, byteLength: number): void {
    if (!this.rate.take()) {
      this.refuseOverRate();
      return;
    }
    const parsed = parseClientMessage(text, byteLength, this.ctx.config.limits.maxTextFrameBytes);
    if (!parsed.ok) {
      const { definition, streamId, information } = parsed.violation;
      this.ctx.log.debug('refused a frame', { session: this.id, definition, information });
      // Queued like any command, so replies keep the order of the frames they answer.
      this.enqueue(() => this.send(errorMessage(definition, streamId, information)));
      return;
    }
    const message = parsed.message;
    this.ctx.observer.commandReceived(message.command);
    this.enqueue(
      () => dispatch(this, message),
      (error) => {
        this.ctx.log.error('command failed', { session: this.id, command: message.command, error: String(error) });
        const streamId = 'streamId' in message ? message.streamId : undefined;
        this.send(errorMessage(ErrorDefinition.serverError, streamId, String(error)));
      },
    );
  }

  /**
   * An over-rate frame is dropped unread and answered `messageRateExceeded`, so every frame still
   * gets exactly one answer; a client that does not read its answers stops getting them.
   */
  private refuseOverRate(): void {
    if ((this.transport.bufferedBytes?.() ?? 0) > MAX_BACKLOG_FOR_REFUSALS) return;
    const { messagesPerSecond, messageBurst } = this.ctx.config.limits;
    this.enqueue(() => this.send(errorMessage(ErrorDefinition.messageRateExceeded, undefined, `over ${messagesPerSecond} frames per second (burst ${messageBurst}): this frame was dropped`)));
  }

  private enqueue(task: () => void | Promise<void>, onError?: (error: unknown) => void): void {
    this.queue = this.queue
      .then(() => (this.closed ? undefined : task()))
      .catch((error: unknown) => onError?.(error));
  }

  forgetPublish(publish: PublishSession): void {
    if (this.publishes.get(publish.streamId) === publish) this.publishes.delete(publish.streamId);
  }

  forgetPlay(play: PlaySession): void {
    if (this.plays.get(play.streamId) === play) this.plays.delete(play.streamId);
  }

  forgetRoomPlay(play: RoomPlaySession): void {
    if (this.roomPlays.get(play.streamId) === play) this.roomPlays.delete(play.streamId);
  }

  /** The socket closed: end every stream it published or played. */
  close(): void {
    if (this.closed) return;
    for (const publish of [...this.publishes.values()]) publish.stop();
    for (const play of [...this.plays.values()]) play.stop();
    for (const play of [...this.roomPlays.values()]) play.stop();
    for (const streamId of this.ctx.calls.callsOf(this)) leaveCall(this, streamId);
    this.ctx.pendingPlays.forget(this);
    this.closed = true;
  }

  /** Resolves once every command received so far has been handled (for tests and shutdown). */
  settled(): Promise<void> {
    return this.queue;
  }
}
