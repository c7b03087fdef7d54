/**
 * In a viewer worker: the viewers' peer connections (ICE, DTLS, our SRTP
 * egress, their RTCP) and the mirrored streams that feed them, driven by
 * the main thread's messages. Each viewer is a ViewerPeer, as on the main
 * thread; only its signaling and data channel cross threads.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { RelayServerConfig } from '../config.js';
import type { Clock, TimerHandle } from '../relay/clock.js';
import { PeerTracker } from '../streams/peerTracker.js';
import type { ViewerReport } from '../streams/statistics.js';
import { ViewerPeer } from '../streams/viewerPeer.js';
import type { FromWorker, ToWorker } from './messages.js';
import { StreamMirrors } from './streamMirrors.js';
import { WorkerDataHub } from './workerDataHub.js';

/** How often each connected viewer's figures go to the main thread (REST statistics, metrics, bitrateMeasurement). */
export const REPORT_INTERVAL_MS = 1000;

interface HostedViewer {
  peer: ViewerPeer;
  data: WorkerDataHub;
}

type ViewerCommand = Extract<ToWorker, { viewerId: number }>;

export class ViewerHost {
  private readonly mirrors: StreamMirrors;
  private readonly viewers = new Map<number, HostedViewer>();
  private readonly tracker = new PeerTracker();
  private readonly reporting: TimerHandle;
  /** 20 ms resolution, as the main thread's load probe (ops/loadProbe.ts). */
  private readonly loopDelay = monitorEventLoopDelay({ resolution: 20 });

  constructor(
    private readonly config: RelayServerConfig,
    private readonly clock: Clock,
    private readonly post: (message: FromWorker) => void,
  ) {
    this.mirrors = new StreamMirrors(clock, config.relay, (sourceId) => post({ type: 'keyframeWanted', sourceId }));
    this.loopDelay.enable();
    this.reporting = clock.every(REPORT_INTERVAL_MS, () => this.sendReports());
  }

  get viewerCount(): number {
    return this.viewers.size;
  }

  handle(message: ToWorker): void {
    switch (message.type) {
      case 'source':
        return this.mirrors.addSource(message.streamId, message.sourceId, message.rid, message.codec, message.keyframe);
      case 'packets':
        return this.mirrors.push(message);
      case 'senderReport':
        return this.mirrors.senderReport(message.sourceId, message.info);
      case 'streamGone':
        return this.mirrors.remove(message.streamId);
      case 'openViewer':
        return this.open(message);
      default:
        return this.command(message);
    }
  }

  close(): void {
    this.reporting.cancel();
    this.loopDelay.disable();
    for (const { peer } of this.viewers.values()) peer.close();
    this.viewers.clear();
    this.mirrors.close();
  }

  private open({ viewerId, streamId, kinds, videoCodec }: Extract<ToWorker, { type: 'openViewer' }>): void {
    const data = new WorkerDataHub(viewerId, this.post);
    const deps = { relay: this.mirrors.relay(streamId), data, config: this.config, clock: this.clock, tracker: this.tracker, videoCodec };
    const peer = new ViewerPeer(streamId, kinds, deps, {
      candidate: (candidate) => this.post({ type: 'candidate', viewerId, candidate }),
      connected: () => this.post({ type: 'connected', viewerId }),
      failed: (reason) => this.post({ type: 'failed', viewerId, reason }),
      layerChanged: (height) => this.post({ type: 'layerChanged', viewerId, height }),
    });
    this.viewers.set(viewerId, { peer, data });
  }

  private command(message: ViewerCommand): void {
    const viewer = this.viewers.get(message.viewerId);
    switch (message.type) {
      case 'offer':
        return this.reply(message.requestId, viewer, async (peer) => ({ offer: await peer.offer() }));
      case 'answer':
        return this.reply(message.requestId, viewer, (peer) => peer.acceptAnswer(message.sdp).then(() => ({})));
      case 'candidate':
        return this.reply(message.requestId, viewer, (peer) => peer.addRemoteCandidate(message.candidate).then(() => ({})));
      case 'forceQuality':
        return viewer?.peer.forceQuality(message.streamHeight);
      case 'impair':
        return viewer?.peer.impair(message.knob);
      case 'enableKind':
        return viewer?.peer.setKindEnabled(message.kind, message.enabled);
      case 'dataToPlayer':
        return viewer?.data.deliver(message.channelId, message.message);
      case 'closeViewer':
        return this.closeViewer(message.viewerId, viewer);
      default:
        return undefined;
    }
  }

  private reply(requestId: number, viewer: HostedViewer | undefined, work: (peer: ViewerPeer) => Promise<{ offer?: Awaited<ReturnType<ViewerPeer['offer']>> }>): void {
    if (!viewer) {
      this.post({ type: 'reply', requestId, ok: false, error: 'the viewer is closed' });
      return;
    }
    work(viewer.peer).then(
      (value) => this.post({ type: 'reply', requestId, ok: true, ...value }),
      (error: unknown) => this.post({ type: 'reply', requestId, ok: false, error: String(error) }),
    );
  }

  private closeViewer(viewerId: number, viewer: HostedViewer | undefined): void {
    this.viewers.delete(viewerId);
    if (!viewer) return this.post({ type: 'viewerClosed', viewerId });
    viewer.peer.close();
    void viewer.peer.closedFully.then(() => this.post({ type: 'viewerClosed', viewerId }));
  }

  private sendReports(): void {
    const reports: Array<[number, ViewerReport]> = [];
    for (const [viewerId, { peer }] of this.viewers) {
      const report = peer.report();
      if (report) reports.push([viewerId, report]);
    }
    if (reports.length > 0) this.post({ type: 'reports', reports });
    // An empty histogram answers its lowest bucket, not 0.
    this.post({ type: 'load', lagP99Ms: this.loopDelay.count === 0 ? 0 : this.loopDelay.percentile(99) / 1e6 });
    this.loopDelay.reset();
  }
}
