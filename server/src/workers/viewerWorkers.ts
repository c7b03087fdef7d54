/**
 * The viewer worker threads (issue 6: every core): plays are spread over
 * them, each new viewer to the worker holding the fewest; a worker is fed
 * the streams its viewers play. Started with the server: a thread takes a second
 * or more of CPU to load, which must not land in the middle of the first
 * publisher's or viewer's handshakes. A worker that dies is replaced for the
 * plays after it.
 */
import type { RelayServerConfig } from '../config.js';
import type { Logger } from '../log.js';
import type { LiveStream } from '../streams/liveStream.js';
import type { PeerTracker } from '../streams/peerTracker.js';
import type { PlayPeer } from '../streams/playPeer.js';
import type { ViewerPeerEvents } from '../streams/viewerPeer.js';
import { WorkerLink } from './workerLink.js';

export class ViewerWorkers {
  private readonly links: Array<WorkerLink | undefined>;

  constructor(
    count: number,
    private readonly config: RelayServerConfig,
    private readonly log: Logger,
    /** A module each worker imports first (the benchmark's probe). */
    private readonly tapModule?: string,
  ) {
    this.links = Array.from({ length: count }, () => undefined);
  }

  /** Starts every worker now (they load in the background). */
  start(): void {
    this.started();
  }

  /** A viewer of `stream` on the least-loaded worker. */
  createPeer(stream: LiveStream, events: ViewerPeerEvents, tracker: PeerTracker): PlayPeer {
    const links = this.started();
    const leastLoaded = links.reduce((best, link) => (link.viewerCount < best.viewerCount ? link : best), links[0]!);
    return leastLoaded.openViewer(stream, events, tracker);
  }

  /** Viewers held by each worker, in worker order (0 for one not started). */
  get viewerCounts(): number[] {
    return this.links.map((link) => (link?.isAlive ? link.viewerCount : 0));
  }

  /** Streams fed to each worker (those its viewers play), in worker order. */
  get streamCounts(): number[] {
    return this.links.map((link) => (link?.isAlive ? link.streamCount : 0));
  }

  /** The worst event-loop delay p99 the workers last reported, ms (admission control judges it with the main thread's). */
  get lagP99Ms(): number {
    return Math.max(0, ...this.links.map((link) => (link?.isAlive ? link.lagP99Ms : 0)));
  }

  async close(): Promise<void> {
    const links = this.links.splice(0, this.links.length);
    await Promise.all(links.map((link) => link?.close()));
  }

  /** Every worker, each started if it was not running. */
  private started(): WorkerLink[] {
    if (this.links.length === 0) throw new Error('the viewer workers are closed');
    return this.links.map((current, index) => {
      if (current?.isAlive) return current;
      const link = new WorkerLink(index, this.config, this.log, this.tapModule);
      this.links[index] = link;
      return link;
    });
  }
}
