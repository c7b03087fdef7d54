/**
 * A peer-to-peer call through the server's signaling relay
 * (antmedia-protocol.md §4.4.3): both sides `join` the same id; the server
 * sends `start` to the first, which offers; the second answers with its own
 * tracks. When the other side leaves, the call waits for the next one.
 */
import { DEGRADATION_PREFERENCE } from './core/defaults.js';
import { attachStream, type AttachResult, type MediaElementLike } from './media/attachStream.js';
import { LocalMedia } from './media/LocalMedia.js';
import type { MediaKind, PeerSession, RemoteTrack } from './peer/PeerSession.js';
import {
  Notification,
  takeConfigurationCommand,
  type ClientMessage,
  type ServerMessage,
} from './protocol/index.js';
import { awaitIceRestart } from './session/Recovery.js';
import type { SessionContext, SessionMessage, SessionOptions } from './session/SessionContext.js';
import { assertNever, StreamSession, type SessionEvents } from './session/StreamSession.js';

export type PeerCallState = 'connecting' | 'waiting' | 'connected' | 'reconnecting' | 'stopped' | 'failed';

export interface PeerCallEvents extends SessionEvents<PeerCallState> {
  /** A track of the other side arrived; `stream` collects them. */
  track: RemoteTrack;
  /** The other side left; the call waits for someone to join again. */
  peerLeft: undefined;
  /** A `peerMessageCommand` the other side sent through the server. */
  peerMessage: { definition: string | undefined; data: unknown };
}

export interface CallOptions extends SessionOptions {
  /** What to send: a stream, LocalMedia (device switches follow), or null to only receive. */
  media?: MediaStream | LocalMedia | null;
  /** Element that shows the other side. */
  video?: MediaElementLike | null;
  /** Video cap in kbit/s. */
  maxBitrateKbps?: number;
  videoCodec?: string;
  /** What the video encoder gives up first when it must cut; 'maintain-resolution' by default, as when publishing. */
  degradationPreference?: RTCDegradationPreference;
}

export class PeerCall extends StreamSession<PeerCallState, PeerCallEvents> {
  /** The other side's media, once it arrives. */
  remoteStream: MediaStream | null = null;
  readonly media: LocalMedia | undefined;
  protected readonly stoppedState = 'stopped';
  protected readonly failedState = 'failed';
  private readonly local: MediaStream | null;
  private readonly options: CallOptions;
  private element: MediaElementLike | undefined;
  /** This side made the offer (it got `start`), so it may restart ICE. */
  private offerer = false;

  /** @internal Created by RelayClient.call(). */
  constructor(streamId: string, context: SessionContext, options: CallOptions = {}) {
    super('call', streamId, context);
    const media = options.media;
    this.media = media instanceof LocalMedia ? media : undefined;
    this.local = media instanceof LocalMedia ? media.stream : (media ?? null);
    this.options = options;
    this.element = options.video ?? undefined;
    this.media?.on('track', ({ kind, track }) => void this.replaceTrack(kind, track).catch((e: unknown) => this.logger.warn(e)));
  }

  /** Shows the other side in `element`. */
  attach(element: MediaElementLike): Promise<AttachResult> {
    this.element = element;
    return this.remoteStream ? attachStream(element, this.remoteStream) : Promise.resolve('blocked');
  }

  /** Relays `data` to the other side through the server (`peerMessageCommand`). */
  sendPeerMessage(definition: string, data: unknown): void {
    this.context.send({ command: 'peerMessageCommand', streamId: this.streamId, definition, data });
  }

  replaceTrack(kind: MediaKind, track: MediaStreamTrack | null): Promise<void> {
    return this.peer ? this.peer.replaceTrack(kind, track) : Promise.resolve();
  }

  changeBandwidth(kbps: number | 'unlimited'): Promise<void> {
    this.options.maxBitrateKbps = kbps === 'unlimited' ? undefined : kbps;
    return this.peer ? this.peer.setMaxBitrate(kbps === 'unlimited' ? undefined : kbps * 1000) : Promise.resolve();
  }

  /** Leaves the call (`leave`); resolves on the server's `leaved`. */
  hangUp(): Promise<void> {
    return this.stop();
  }

  protected request(): ClientMessage {
    return { command: 'join', streamId: this.streamId, multiPeer: false, mode: 'both' };
  }

  protected override stopRequest(): ClientMessage {
    return { command: 'leave', streamId: this.streamId };
  }

  protected preparePeer(peer: PeerSession): void {
    this.offerer = false;
    peer.on('track', (remote) => this.handleTrack(remote));
    peer.on('dataChannel', (channel) => this.attachData(channel));
    peer.on('connectionState', (state) => {
      if (state !== 'connected') return;
      // A new member after the other left: the stats stopped with the old connection.
      this.stats.start();
      if (this.state === 'waiting') this.setState('connected');
    });
  }

  protected isFinishedNotice(message: ServerMessage): boolean {
    return message.command === 'notification' && message.definition === Notification.leaved && message.streamId === this.streamId;
  }

  /** @internal The offerer restarts ICE with a new offer; the other side answers it through the server. */
  override restartIce(): Promise<void> | undefined {
    const peer = this.peer;
    if (!peer || !this.offerer || !this.context.connected) return undefined;
    const waiting = awaitIceRestart(peer, this.context.scheduler, `the call '${this.streamId}'`);
    peer.createOffer({ iceRestart: true }).then(
      (sdp) => this.sendQuietly(takeConfigurationCommand(this.streamId, 'offer', sdp)),
      (error: unknown) => waiting.reject(error),
    );
    return waiting.promise;
  }

  protected handleMessage(message: Exclude<SessionMessage, { command: 'takeCandidate' | 'error' }>): void {
    switch (message.command) {
      case 'start':
        void this.offer();
        return;
      case 'takeConfiguration':
        if (message.type === 'offer') void this.answer(message.sdp);
        else this.peer?.acceptAnswer(message.sdp).catch((error: unknown) => this.fail(error));
        return;
      case 'stop':
        this.peerLeft();
        return;
      case 'peerMessageCommand':
        this.events.safeEmit('peerMessage', { definition: message.definition, data: message.data });
        return;
      case 'notification':
        if (message.definition === Notification.joined) this.started('waiting');
        else if (message.definition !== Notification.leaved) this.events.safeEmit('notification', message);
        else this.ownStopConfirmed();
        return;
      case 'streamInformation':
        return;
      default:
        assertNever(message);
    }
  }

  private async offer(): Promise<void> {
    // A second `start` (the other side came back) begins on a fresh connection.
    const peer = this.offerer ? this.newPeer() : this.peer;
    if (!peer) return;
    this.offerer = true;
    if (this.local) peer.addLocalStream(this.local, this.sendOptions());
    this.attachData(peer.createDataChannel(this.streamId));
    try {
      this.sendQuietly(takeConfigurationCommand(this.streamId, 'offer', await peer.createOffer()));
    } catch (error) {
      this.fail(error);
    }
  }

  private async answer(sdp: string): Promise<void> {
    const peer = this.peer;
    if (!peer) return;
    try {
      const sending = this.offerer || !this.local ? undefined : this.local;
      const answer = await peer.acceptOffer(sdp, sending);
      this.sendQuietly(takeConfigurationCommand(this.streamId, 'answer', answer));
      if (sending) this.tuneAnswerSenders(peer);
    } catch (error) {
      this.fail(error);
    }
  }

  private sendOptions() {
    const { maxBitrateKbps, videoCodec, degradationPreference = DEGRADATION_PREFERENCE } = this.options;
    return { direction: 'sendrecv' as const, simulcast: false, videoCodec, degradationPreference, maxBitrate: maxBitrateKbps === undefined ? undefined : maxBitrateKbps * 1000 };
  }

  /** The answering side's senders come from the offer: give its video the same cap and preference as an offerer's. */
  private tuneAnswerSenders(peer: PeerSession): void {
    if (!peer.sender?.('video')) return;
    const { maxBitrate, degradationPreference } = this.sendOptions();
    const logged = (error: unknown) => this.logger.debug('could not tune the video sender', error);
    peer.setDegradationPreference(degradationPreference).catch(logged);
    if (maxBitrate !== undefined) peer.setMaxBitrate(maxBitrate).catch(logged);
  }

  private peerLeft(): void {
    this.remoteStream = null;
    this.newPeer();
    this.setState('waiting');
    this.events.safeEmit('peerLeft');
  }

  private handleTrack(remote: RemoteTrack): void {
    const fresh = this.remoteStream !== remote.stream;
    this.remoteStream = remote.stream;
    if (this.state === 'waiting') this.setState('connected');
    this.events.safeEmit('track', remote);
    if (fresh && this.element) void attachStream(this.element, remote.stream).catch(() => undefined);
  }
}
