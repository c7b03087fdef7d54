/**
 * One stream this socket publishes: drives the publisher's peer through the
 * client-offers flow (antmedia-protocol.md §4.4.1) and reports it on the wire.
 */
import {
  ErrorDefinition,
  Notification,
  errorMessage,
  notificationMessage,
  takeCandidateMessage,
  takeConfigurationMessage,
} from 'relayrtc/protocol';
import type { LiveStream } from '../streams/liveStream.js';
import type { RemoteCandidate } from '../streams/peerSignals.js';
import { PublisherPeer } from '../streams/publisherPeer.js';
import type { SignalingSession } from './signalingSession.js';

export class PublishSession {
  private peer: PublisherPeer | undefined;
  private stopped = false;

  constructor(
    private readonly session: SignalingSession,
    readonly stream: LiveStream,
  ) {}

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
    this.peer = new PublisherPeer(this.stream.relay, ctx.config, ctx.clock, ctx.peers, {
      candidate: (c) => this.session.send(takeCandidateMessage(this.streamId, c.sdpMLineIndex, c.sdpMid, c.candidate)),
      connected: () => ctx.log.debug('publisher connected', { streamId: this.streamId }),
      failed: (reason) => {
        ctx.log.info('publisher connection failed', { streamId: this.streamId, reason });
        this.stop();
      },
      firstPacket: () => {
        if (this.stopped) return;
        ctx.registry.markLive(this.stream);
        this.session.send(notificationMessage(Notification.publishStarted, this.streamId));
      },
    });
    let answerSdp: string;
    try {
      answerSdp = await this.peer.answer(offerSdp);
    } catch (error) {
      ctx.log.info('publisher offer refused', { streamId: this.streamId, error: String(error) });
      this.session.send(errorMessage(ErrorDefinition.notSetRemoteDescription, this.streamId, String(error)));
      this.stop();
      return;
    }
    if (!this.stopped) this.session.send(takeConfigurationMessage(this.streamId, 'answer', answerSdp));
  }

  addCandidate(candidate: RemoteCandidate): Promise<void> {
    return this.peer?.addRemoteCandidate(candidate) ?? Promise.resolve();
  }

  /** Frees the peer and the stream, tells the publisher and (through the stream) its viewers. Idempotent. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.peer?.close();
    this.session.ctx.registry.remove(this.stream);
    this.session.forgetPublish(this);
    this.session.send(notificationMessage(Notification.publishFinished, this.streamId));
  }
}
