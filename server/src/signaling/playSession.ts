/**
 * One stream this socket plays: the server-offers flow
 * (antmedia-protocol.md §4.4.2), ended by the player or by the publisher.
 */
import {
  ErrorDefinition,
  Notification,
  errorMessage,
  notificationMessage,
  takeCandidateMessage,
  takeConfigurationMessage,
} from 'relayrtc/protocol';
import type { TimerHandle } from '../relay/clock.js';
import { mayHaveHeight } from '../relay/layerController.js';
import type { MediaKind, SourceTrack } from '../relay/sourceTrack.js';
import type { LiveStream } from '../streams/liveStream.js';
import type { RemoteCandidate } from '../streams/peerSignals.js';
import type { LegImpairment, PlayPeer } from '../streams/playPeer.js';
import type { ViewerReport } from '../streams/statistics.js';
import { ViewerPeer, type ViewerPeerEvents } from '../streams/viewerPeer.js';
import { peerDeps } from './context.js';
import { CandidateGate } from './candidateGate.js';
import type { SignalingSession } from './signalingSession.js';

export class PlaySession {
  readonly startedAt = Date.now();
  /** Another node of the cluster pulling the stream, not a viewer (viewer counts leave it out). */
  readonly relayPull: boolean;
  private readonly peer: PlayPeer;
  private readonly stopWatchingStream: () => void;
  private readonly measurements: TimerHandle;
  private stopped = false;
  private readonly candidates = new CandidateGate((c) =>
    this.session.send(takeCandidateMessage(this.streamId, c.sdpMLineIndex, c.sdpMid, c.candidate)),
  );

  constructor(
    private readonly session: SignalingSession,
    readonly stream: LiveStream,
    /** An edge pulling the stream (cluster/): one video track per layer, each pinned to it. */
    pinnedVideo?: readonly SourceTrack[],
  ) {
    const { ctx } = session;
    this.relayPull = pinnedVideo !== undefined;
    const events: ViewerPeerEvents = {
      candidate: (c) => this.candidates.push(c),
      connected: () => {
        if (!this.stopped) this.session.send(notificationMessage(Notification.playStarted, this.streamId));
      },
      failed: (reason) => {
        ctx.log.info('viewer connection failed', { streamId: this.streamId, reason });
        this.stop();
      },
      layerChanged: (streamHeight) => this.session.send(notificationMessage(Notification.resolutionChangeInfo, this.streamId, { streamHeight })),
    };
    // A viewer worker holds it when there are workers; an edge's pull (pinned layers) stays here.
    this.peer =
      ctx.viewerWorkers && !pinnedVideo
        ? ctx.viewerWorkers.createPeer(stream, events, ctx.peers)
        : new ViewerPeer(stream.streamId, stream.kinds, peerDeps(ctx, stream), events, pinnedVideo);
    this.measurements = ctx.clock.every(ctx.config.relay.bitrateMeasurementMs, () => this.sendBitrateMeasurement());
    this.stopWatchingStream = stream.onFinish(() => this.stop());
    stream.players.add(this);
  }

  get streamId(): string {
    return this.stream.streamId;
  }

  /** The signaling session playing (for the REST API: its id, address and user agent). */
  get owner(): SignalingSession {
    return this.session;
  }

  /** This player's figures once connected (statistics, traffic totals). */
  report(): ViewerReport | undefined {
    return this.peer.report();
  }

  /** Sends the server's offer with its idMapping. */
  async start(): Promise<void> {
    // Ask for a keyframe now: by the time ICE and DTLS are up it is in the source's
    // cache and the viewer starts from it at once, instead of asking only then.
    this.stream.relay.source('video')?.requestKeyframe();
    try {
      const offer = await this.peer.offer();
      if (this.stopped) return;
      this.session.send(takeConfigurationMessage(this.streamId, 'offer', offer.sdp, offer.idMapping));
      this.candidates.open();
    } catch (error) {
      this.session.ctx.log.error('could not create a play offer', { streamId: this.streamId, error: String(error) });
      this.session.send(errorMessage(ErrorDefinition.notSetLocalDescription, this.streamId, String(error)));
      this.stop();
    }
  }

  async acceptAnswer(answerSdp: string): Promise<void> {
    try {
      await this.peer.acceptAnswer(answerSdp);
    } catch (error) {
      this.session.send(errorMessage(ErrorDefinition.notSetRemoteDescription, this.streamId, String(error)));
      this.stop();
    }
  }

  addCandidate(candidate: RemoteCandidate): Promise<void> {
    return this.peer.addRemoteCandidate(candidate);
  }

  /**
   * Pins the layer of that height (0 = automatic), as `forceStreamQuality` asks, also one still
   * starting (see mayHaveHeight). False when no layer has that height (nothing changes, as in Ant Media).
   */
  forceQuality(streamHeight: number): boolean {
    if (streamHeight !== 0 && !mayHaveHeight(this.stream.relay.videoLayers(), streamHeight)) return false;
    this.peer.forceQuality(streamHeight);
    return true;
  }

  /** Test impairments of this player's leg (relayTestKnob). */
  impair(knob: LegImpairment): void {
    this.peer.impair(knob);
  }

  /** toggleVideo / toggleAudio: stops or resumes sending this player its `kind` track. */
  setKindEnabled(kind: MediaKind, enabled: boolean): void {
    this.peer.setKindEnabled(kind, enabled);
  }

  /** Ant Media's `bitrateMeasurement`: the viewer's estimate against what it is being sent. */
  private sendBitrateMeasurement(): void {
    const report = this.peer.report();
    if (!report) return;
    const { videoBitrate, audioBitrate } = report;
    const targetBitrate = report.estimate ?? videoBitrate + audioBitrate;
    this.session.send(notificationMessage(Notification.bitrateMeasurement, this.streamId, { targetBitrate, videoBitrate, audioBitrate }));
  }

  /** Frees the peer and tells the player. Idempotent. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.measurements.cancel();
    this.stopWatchingStream();
    this.stream.players.delete(this);
    this.peer.close();
    this.session.forgetPlay(this);
    this.session.send(notificationMessage(Notification.playFinished, this.streamId));
  }
}
