/**
 * On the main thread: a viewer whose peer connection runs in a viewer
 * worker. The play session drives it like a local ViewerPeer; signaling
 * goes to the worker as messages, the worker's events and figures come back,
 * and the viewer's data channels join the stream's hub here.
 */
import type { DataEndpoint } from '../relay/dataChannelHub.js';
import type { MediaKind } from '../relay/sourceTrack.js';
import type { LiveStream } from '../streams/liveStream.js';
import type { RemoteCandidate } from '../streams/peerSignals.js';
import type { LegImpairment, PlayPeer } from '../streams/playPeer.js';
import type { ViewerReport } from '../streams/statistics.js';
import type { ServerOffer, ViewerPeerEvents } from '../streams/viewerPeer.js';
import { dataMessageFromWire, dataMessageToWire, type FromWorker, type ToWorker } from './messages.js';
import type { WorkerReply } from './pendingReplies.js';

/** What a remote viewer needs of the worker holding it. */
export interface ViewerWorkerPort {
  post(message: ToWorker): void;
  /** Sends the message `build` makes with a fresh request id; settles with the worker's reply. */
  request(build: (requestId: number) => Extract<ToWorker, { requestId: number }>): Promise<WorkerReply>;
  /** The viewer is closed here: the worker frees its peer and reports back. */
  release(viewer: RemoteViewerPeer): void;
}

export type ViewerEvent = Extract<FromWorker, { viewerId: number }>;

export class RemoteViewerPeer implements PlayPeer {
  private latest: ViewerReport | undefined;
  private closed = false;
  private readonly channels = new Map<number, { endpoint: DataEndpoint; leave: () => void }>();

  constructor(
    readonly viewerId: number,
    private readonly worker: ViewerWorkerPort,
    private readonly stream: LiveStream,
    private readonly events: ViewerPeerEvents,
  ) {}

  async offer(): Promise<ServerOffer> {
    const reply = await this.ask((requestId) => ({ type: 'offer', viewerId: this.viewerId, requestId }));
    if (!reply.offer) throw new Error('the viewer worker sent no offer');
    return reply.offer;
  }

  async acceptAnswer(answerSdp: string): Promise<void> {
    await this.ask((requestId) => ({ type: 'answer', viewerId: this.viewerId, requestId, sdp: answerSdp }));
  }

  async addRemoteCandidate(candidate: RemoteCandidate): Promise<void> {
    await this.ask((requestId) => ({ type: 'candidate', viewerId: this.viewerId, requestId, candidate }));
  }

  forceQuality(streamHeight: number): void {
    this.worker.post({ type: 'forceQuality', viewerId: this.viewerId, streamHeight });
  }

  impair(knob: LegImpairment): void {
    this.worker.post({ type: 'impair', viewerId: this.viewerId, knob });
  }

  setKindEnabled(kind: MediaKind, enabled: boolean): void {
    this.worker.post({ type: 'enableKind', viewerId: this.viewerId, kind, enabled });
  }

  report(): ViewerReport | undefined {
    return this.latest;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const { leave } of this.channels.values()) leave();
    this.channels.clear();
    this.worker.release(this);
  }

  /** The worker stopped: the viewer's connection is gone with it. */
  workerLost(): void {
    if (!this.closed) this.events.failed('the viewer worker stopped');
  }

  /** An event from the worker about this viewer. */
  receive(event: ViewerEvent): void {
    if (this.closed) return;
    switch (event.type) {
      case 'candidate':
        return this.events.candidate(event.candidate);
      case 'connected':
        return this.events.connected();
      case 'failed':
        return this.events.failed(event.reason);
      case 'layerChanged':
        return this.events.layerChanged(event.height);
      case 'dataAttached':
        return this.openChannel(event.channelId);
      case 'dataClosed':
        return this.closeChannel(event.channelId);
      case 'dataFromPlayer': {
        const channel = this.channels.get(event.channelId);
        if (channel) this.stream.data.fromPlayer(channel.endpoint, dataMessageFromWire(event.message));
        return;
      }
      default:
        return undefined;
    }
  }

  updateReport(report: ViewerReport): void {
    this.latest = report;
  }

  private ask(build: (requestId: number) => Extract<ToWorker, { requestId: number }>): Promise<WorkerReply> {
    if (this.closed) return Promise.reject(new Error('the viewer is closed'));
    return this.worker.request(build);
  }

  private openChannel(channelId: number): void {
    const endpoint: DataEndpoint = {
      send: (message) => this.worker.post({ type: 'dataToPlayer', viewerId: this.viewerId, channelId, message: dataMessageToWire(message) }),
    };
    this.channels.set(channelId, { endpoint, leave: this.stream.data.addPlayer(endpoint) });
  }

  private closeChannel(channelId: number): void {
    this.channels.get(channelId)?.leave();
    this.channels.delete(channelId);
  }
}
