/**
 * One stream this socket publishes: drives the publisher's peer through the
 * client-offers flow (antmedia-protocol.md §4.4.1) and reports it on the wire.
 */
import {
  ErrorDefinition,
  Notification,
  errorMessage,
  notificationMessage,
  ROOM_NAME_KEY,
  takeCandidateMessage,
  takeConfigurationMessage,
} from 'relayrtc/protocol';
import type { TimerHandle } from '../relay/clock.js';
import type { LiveStream } from '../streams/liveStream.js';
import type { RemoteCandidate } from '../streams/peerSignals.js';
import { PublisherPeer, type PublisherPeerEvents } from '../streams/publisherPeer.js';
import { inOfferOrder } from '../streams/sdpVideoCodec.js';
import { INGEST_VIDEO_CODECS } from '../streams/weriftPeerConfig.js';
import { peerDeps } from './context.js';
import { CandidateGate } from './candidateGate.js';
import type { SignalingSession } from './signalingSession.js';

export class PublishSession {
  private peer: PublisherPeer | undefined;
  private stopped = false;
  private readonly candidates = new CandidateGate((c) =>
    this.session.send(takeCandidateMessage(this.streamId, c.sdpMLineIndex, c.sdpMid, c.candidate)),
  );
  private readonly startDeadline: TimerHandle;

  constructor(
    private readonly session: SignalingSession,
    readonly stream: LiveStream,
  ) {
    const { clock, config } = session.ctx;
    this.startDeadline = clock.after(config.limits.publishTimeoutMs, () => this.timeOut());
  }

  get streamId(): string {
    return this.stream.streamId;
  }

  async acceptOffer(offerSdp: string): Promise<void> {
    if (this.peer) {
      this.session.send(errorMessage(ErrorDefinition.notSetRemoteDescription, this.streamId, 'renegotiation of a publish is not supported yet'));
      return;
    }
    const { ctx } = this.session;
    this.stream.kinds = PublisherPeer.offeredKinds(offerSdp);
    const events: PublisherPeerEvents = {
      candidate: (c) => this.candidates.push(c),
      connected: () => {
        // A data-only publish (no audio or video offered) is live once connected.
        if (this.stream.kinds.length === 0) this.goLive();
      },
      failed: (reason) => {
        ctx.log.info('publisher connection failed', { streamId: this.streamId, reason });
        this.stop();
      },
      firstPacket: () => this.goLive(),
    };
    this.peer = new PublisherPeer(peerDeps(ctx, this.stream), events, inOfferOrder(offerSdp, INGEST_VIDEO_CODECS));
    let answerSdp: string;
    try {
      answerSdp = await this.peer.answer(offerSdp);
      this.stream.videoCodec = this.peer.videoCodec;
    } catch (error) {
      ctx.log.info('publisher offer refused', { streamId: this.streamId, error: String(error) });
      this.session.send(errorMessage(ErrorDefinition.notSetRemoteDescription, this.streamId, String(error)));
      this.stop();
      return;
    }
    if (this.stopped) return;
    this.session.send(takeConfigurationMessage(this.streamId, 'answer', answerSdp));
    this.candidates.open();
  }

  addCandidate(candidate: RemoteCandidate): Promise<void> {
    return this.peer?.addRemoteCandidate(candidate) ?? Promise.resolve();
  }

  private goLive(): void {
    if (this.stopped || this.stream.isLive) return;
    this.startDeadline.cancel();
    this.session.ctx.registry.markLive(this.stream);
    // A room participant's publish_started names its room too (antmedia-protocol.md §4.3).
    const roomId = this.stream.details.roomId;
    this.session.send(notificationMessage(Notification.publishStarted, this.streamId, roomId === undefined ? {} : { [ROOM_NAME_KEY]: roomId, room: roomId }));
  }

  /** No media within the limit (Ant Media's webRTCClientStartTimeoutMs): refuse and free it all. */
  private timeOut(): void {
    if (this.stopped || this.stream.isLive) return;
    this.session.send(errorMessage(ErrorDefinition.publishTimeoutError, this.streamId, `no media within ${this.session.ctx.config.limits.publishTimeoutMs} ms`));
    this.stop();
  }

  /** Frees the peer and the stream, tells the publisher and (through the stream) its viewers. Idempotent. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.startDeadline.cancel();
    this.peer?.close();
    this.session.ctx.registry.remove(this.stream);
    this.session.forgetPublish(this);
    this.session.send(notificationMessage(Notification.publishFinished, this.streamId));
  }
}
