/**
 * On the main thread: one viewer worker. Starts the thread, routes its
 * messages to the viewers it holds and to the ingest (keyframe requests),
 * and feeds it each stream those viewers play, from the first viewer of the
 * stream there to the last (an idle worker gets no packets).
 */
import { Worker } from 'node:worker_threads';
import type { RelayServerConfig } from '../config.js';
import type { Logger } from '../log.js';
import type { SourceTrack } from '../relay/sourceTrack.js';
import type { LiveStream } from '../streams/liveStream.js';
import type { PeerTracker } from '../streams/peerTracker.js';
import type { ViewerPeerEvents } from '../streams/viewerPeer.js';
import type { FromWorker, ToWorker } from './messages.js';
import { PendingReplies, type WorkerReply } from './pendingReplies.js';
import { RemoteViewerPeer, type ViewerWorkerPort } from './remoteViewerPeer.js';
import { StreamFeed, type FeedTarget } from './streamFeed.js';
import type { ViewerWorkerData } from './viewerWorker.js';

const WORKER_ENTRY = new URL('./viewerWorker.mjs', import.meta.url);

interface HeldViewer {
  peer: RemoteViewerPeer;
  stream: LiveStream;
  untrack: () => void;
}

export class WorkerLink implements ViewerWorkerPort, FeedTarget {
  private readonly worker: Worker;
  private readonly viewers = new Map<number, HeldViewer>();
  private readonly feeds = new Map<LiveStream, { feed: StreamFeed; stopWatching: () => void }>();
  private readonly sources = new Map<number, SourceTrack>();
  private readonly replies = new PendingReplies();
  private nextViewerId = 1;
  private nextSourceId = 1;
  private alive = true;
  private closing = false;
  private latestLagP99Ms = 0;

  constructor(
    readonly index: number,
    private readonly config: RelayServerConfig,
    private readonly log: Logger,
    tapModule: string | undefined,
  ) {
    const workerData: ViewerWorkerData = { config, ...(tapModule ? { tapModule } : {}) };
    this.worker = new Worker(WORKER_ENTRY, { workerData, name: `relayrtc-viewers-${index}` });
    // The server's sockets keep the process alive; a worker alone never does.
    this.worker.unref();
    this.worker.on('message', (message: FromWorker) => this.receive(message));
    this.worker.on('error', (error) => log.error('viewer worker failed', { worker: index, error: String(error) }));
    this.worker.on('exit', (code) => this.lost(code));
  }

  get isAlive(): boolean {
    return this.alive;
  }

  /** The worker's event-loop delay p99 over its last report interval, ms. */
  get lagP99Ms(): number {
    return this.latestLagP99Ms;
  }

  get viewerCount(): number {
    return this.viewers.size;
  }

  /** Streams this worker is fed (those its viewers play). */
  get streamCount(): number {
    return this.feeds.size;
  }

  openViewer(stream: LiveStream, events: ViewerPeerEvents, tracker: PeerTracker): RemoteViewerPeer {
    const viewerId = this.nextViewerId++;
    const peer = new RemoteViewerPeer(viewerId, this, stream, events);
    this.viewers.set(viewerId, { peer, stream, untrack: tracker.track(peer) });
    this.feed(stream);
    this.post({ type: 'openViewer', viewerId, streamId: stream.streamId, kinds: stream.kinds, videoCodec: stream.videoCodec });
    return peer;
  }

  post(message: ToWorker, transfer: ArrayBuffer[] = []): void {
    if (this.alive) this.worker.postMessage(message, transfer);
  }

  request(build: (requestId: number) => Extract<ToWorker, { requestId: number }>): Promise<WorkerReply> {
    if (!this.alive) return Promise.reject(new Error('the viewer worker stopped'));
    const { requestId, reply } = this.replies.open();
    this.post(build(requestId));
    return reply;
  }

  release(peer: RemoteViewerPeer): void {
    this.post({ type: 'closeViewer', viewerId: peer.viewerId });
  }

  registerSource(source: SourceTrack): number {
    const sourceId = this.nextSourceId++;
    this.sources.set(sourceId, source);
    return sourceId;
  }

  forgetSource(sourceId: number): void {
    this.sources.delete(sourceId);
  }

  async close(): Promise<void> {
    this.closing = true;
    await this.worker.terminate();
  }

  private receive(message: FromWorker): void {
    switch (message.type) {
      case 'reply':
        return this.replies.settle(message);
      case 'keyframeWanted':
        return this.sources.get(message.sourceId)?.requestKeyframe();
      case 'reports':
        for (const [viewerId, report] of message.reports) this.viewers.get(viewerId)?.peer.updateReport(report);
        return;
      case 'load':
        this.latestLagP99Ms = message.lagP99Ms;
        return;
      case 'viewerClosed':
        return this.forget(message.viewerId);
      default:
        return this.viewers.get(message.viewerId)?.peer.receive(message);
    }
  }

  /** Mirrors `stream` in this worker while it has viewers here, starting from its latest keyframe. */
  private feed(stream: LiveStream): void {
    if (this.feeds.has(stream) || stream.state === 'finished' || !this.alive) return;
    const feed = new StreamFeed(stream, this, this.config.relay.keyframeReplayMs);
    this.feeds.set(stream, { feed, stopWatching: stream.onFinish(() => this.endFeed(stream)) });
  }

  private endFeed(stream: LiveStream): void {
    const entry = this.feeds.get(stream);
    if (!entry) return;
    this.feeds.delete(stream);
    entry.stopWatching();
    entry.feed.close();
  }

  private forget(viewerId: number): void {
    const viewer = this.viewers.get(viewerId);
    if (!viewer) return;
    this.viewers.delete(viewerId);
    viewer.untrack();
    if (![...this.viewers.values()].some((other) => other.stream === viewer.stream)) this.endFeed(viewer.stream);
  }

  private lost(exitCode: number): void {
    this.alive = false;
    if (!this.closing) this.log.error('viewer worker exited', { worker: this.index, exitCode });
    this.replies.failAll('the viewer worker stopped');
    for (const stream of [...this.feeds.keys()]) this.endFeed(stream);
    for (const viewerId of [...this.viewers.keys()]) {
      const viewer = this.viewers.get(viewerId)!;
      this.forget(viewerId);
      viewer.peer.workerLost();
    }
  }
}
