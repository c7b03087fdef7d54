/**
 * An edge's pull of one stream from its origin: one server-to-server WebRTC
 * connection, set up over the origin's own signaling WebSocket as a player
 * would (`play` with a pull token; the origin offers one m-line per layer),
 * answered by the same ingest peer a publisher gets, so the pulled layers
 * become the local stream's sources and the local relay fans them out. The
 * origin's data channel becomes the local stream's publisher channel.
 */
import WebSocket from 'ws';
import {
  Notification,
  parseServerMessage,
  playCommand,
  stopCommand,
  takeCandidateCommand,
  takeConfigurationCommand,
  type ServerMessage,
} from 'relayrtc/protocol';
import type { ServerContext } from '../signaling/context.js';
import { peerDeps } from '../signaling/context.js';
import type { LiveStream } from '../streams/liveStream.js';
import { PublisherPeer } from '../streams/publisherPeer.js';
import { inOfferOrder } from '../streams/sdpVideoCodec.js';
import { INGEST_VIDEO_CODECS } from '../streams/weriftPeerConfig.js';
import { websocketUrl } from './nodeSelection.js';

export interface PullEnd {
  /** Why the pull ended: the origin finished the stream, refused it, went away, or the edge let go. */
  reason: string;
}

export class OriginPull {
  private readonly ws: WebSocket;
  private peer: PublisherPeer | undefined;
  private closed = false;
  private queue: Promise<void> = Promise.resolve();
  private resolveLive!: () => void;
  private rejectLive!: (error: Error) => void;
  /** Settles when the first packet arrives (resolves) or the pull ends first (rejects). */
  readonly live: Promise<void>;
  private readonly stopWatchingStream: () => void;

  constructor(
    private readonly ctx: ServerContext,
    readonly stream: LiveStream,
    readonly originNodeId: string,
    originUrl: string,
    app: string,
    private readonly token: string,
    private readonly onEnd: (end: PullEnd) => void,
  ) {
    this.live = new Promise<void>((resolve, reject) => {
      this.resolveLive = resolve;
      this.rejectLive = reject;
    });
    this.live.catch(() => undefined);
    // The edge's watchdog or a REST delete may end the local stream: the pull ends with it.
    this.stopWatchingStream = stream.onFinish(() => this.close('the local stream ended'));
    this.ws = new WebSocket(`${websocketUrl(originUrl, app)}?target=origin`, { maxPayload: ctx.config.limits.maxTextFrameBytes * 4 });
    this.ws.on('open', () => this.send(playCommand(this.streamId, { token: this.token })));
    // One message at a time, in order: a candidate must not reach the peer while the offer is still being set.
    this.ws.on('message', (data) => {
      this.queue = this.queue.then(() => this.receive(String(data))).catch((error: unknown) => this.close(`pull failed: ${String(error)}`));
    });
    this.ws.on('close', () => this.close('the origin closed the connection'));
    this.ws.on('error', (error) => this.close(`cannot reach the origin: ${error.message}`));
  }

  get streamId(): string {
    return this.stream.streamId;
  }

  /** Ends the pull (idempotent): peer and socket closed, then `onEnd` (which frees the local stream). */
  close(reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.stopWatchingStream();
    this.peer?.close();
    if (this.ws.readyState === WebSocket.OPEN) this.send(stopCommand(this.streamId));
    this.ws.close();
    this.rejectLive(new Error(reason));
    this.onEnd({ reason });
  }

  private send(message: object): void {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(message));
  }

  private async receive(text: string): Promise<void> {
    if (this.closed) return;
    const parsed = parseServerMessage(text);
    if (!parsed.ok) {
      this.ctx.log.debug('origin sent a frame we ignore', { streamId: this.streamId, definition: parsed.violation.definition });
      return;
    }
    const message: ServerMessage = parsed.message;
    if ('streamId' in message && message.streamId !== undefined && message.streamId !== this.streamId) return;
    switch (message.command) {
      case 'takeConfiguration':
        if (message.type === 'offer') await this.answer(message.sdp);
        return;
      case 'takeCandidate':
        await this.peer?.addRemoteCandidate({ candidate: message.candidate, sdpMLineIndex: message.label, ...(message.id === undefined ? {} : { sdpMid: message.id }) });
        return;
      case 'notification':
        if (message.definition === Notification.playFinished) this.close('the origin finished the stream');
        return;
      case 'error':
        this.close(`the origin refused: ${message.definition}${message.information ? ` (${message.information})` : ''}`);
        return;
      default:
        return; // bitrateMeasurement, pong and the like mean nothing to a pull
    }
  }

  private async answer(offerSdp: string): Promise<void> {
    if (this.peer || this.closed) return;
    // One m-line per pulled layer: the local stream sends each kind once to its viewers.
    this.stream.kinds = [...new Set(PublisherPeer.offeredKinds(offerSdp))];
    this.peer = new PublisherPeer(
      peerDeps(this.ctx, this.stream),
      {
        candidate: (c) => this.send(takeCandidateCommand(this.streamId, c.sdpMLineIndex, c.sdpMid, c.candidate)),
        connected: () => undefined,
        failed: (reason) => this.close(`connection to the origin failed: ${reason}`),
        firstPacket: () => {
          if (this.closed) return;
          this.ctx.registry.markLive(this.stream);
          this.resolveLive();
        },
      },
      inOfferOrder(offerSdp, INGEST_VIDEO_CODECS),
      true,
    );
    const answerSdp = await this.peer.answer(offerSdp);
    this.stream.videoCodec = this.peer.videoCodec;
    if (!this.closed) this.send(takeConfigurationCommand(this.streamId, 'answer', answerSdp));
  }
}
