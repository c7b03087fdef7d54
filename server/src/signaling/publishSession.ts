/**
 * One stream this socket publishes: drives the publisher's peer through the
 * client-offers flow (antmedia-protocol.md §4.4.1) and reports it on the wire.
 * A later offer that restarts ICE is answered on the same peer, so the stream
 * and its viewers carry on while the publisher finds a new path.
 */
import {
  ErrorDefinition,
  Notification,
  ROOM_NAME_KEY,
  errorMessage,
  notificationMessage,
  takeCandidateMessage,
  takeConfigurationMessage,
} from 'relayrtc/protocol';
import type { TimerHandle } from '../relay/clock.js';
import type { LiveStream } from '../streams/liveStream.js';
import type { RemoteCandidate } from '../streams/peerSignals.js';
import { PublisherPeer, type PublisherPeerEvents } from '../streams/publisherPeer.js';
import { notAnIceRestart } from '../streams/sdpIce.js';
import { inOfferOrder } from '../streams/sdpVideoCodec.js';
import { INGEST_VIDEO_CODECS } from '../streams/weriftPeerConfig.js';
import { peerDeps } from './context.js';
import { CandidateGate } from './candidateGate.js';
import type { SignalingSession } from './signalingSession.js';

export class PublishSession {
  private peer: PublisherPeer | undefined;
  /** The offer the peer's current session was negotiated from. */
  private offerSdp = '';
  /** An ICE restart is being answered: a second one waits for the first to settle. */
  private restarting = false;
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
    if (this.peer) return this.restartIce(this.peer, offerSdp);
    this.offerSdp = offerSdp;
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

  /**
   * A new offer on this publish. werift 0.25.2 restarts its ICE agent when a
   * remote description brings new credentials (RTCIceTransport.setRemoteParams)
   * and does not re-announce tracks it already has, so the relay's sources, and
   * the viewers reading them, stay as they are (PublisherPeer.answerIceRestart).
   * Other renegotiation is refused.
   */
  private async restartIce(peer: PublisherPeer, offerSdp: string): Promise<void> {
    const { ctx } = this.session;
    const refusal = this.restarting ? 'an ICE restart of this publish is already being answered' : notAnIceRestart(this.offerSdp, offerSdp);
    if (refusal) {
      ctx.log.info('publisher re-offer refused', { streamId: this.streamId, reason: refusal });
      this.session.send(errorMessage(ErrorDefinition.notSetRemoteDescription, this.streamId, refusal));
      return;
    }
    this.restarting = true;
    try {
      const answerSdp = await peer.answerIceRestart(offerSdp);
      this.offerSdp = offerSdp;
      if (this.stopped) return;
      ctx.log.info('publisher ICE restart answered', { streamId: this.streamId });
      this.session.send(takeConfigurationMessage(this.streamId, 'answer', answerSdp));
    } catch (error) {
      // The peer is half-way through a description it could not apply: end the publish cleanly rather than keep it so.
      ctx.log.info('publisher ICE restart failed', { streamId: this.streamId, error: String(error) });
      this.session.send(errorMessage(ErrorDefinition.notSetRemoteDescription, this.streamId, String(error)));
      this.stop();
    } finally {
      this.restarting = false;
    }
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
