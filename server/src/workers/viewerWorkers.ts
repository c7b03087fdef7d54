/**
 * The viewer worker threads (issue 6: every core): plays are spread over
 * them, each new viewer to the worker holding the fewest. Started on the
 * first play; a worker that dies is replaced for the plays after it.
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

  /** A viewer of `stream` on the least-loaded worker. */
  createPeer(stream: LiveStream, events: ViewerPeerEvents, tracker: PeerTracker): PlayPeer {
    return this.leastLoaded().openViewer(stream, events, tracker);
  }

  /** Viewers held by each worker, in worker order (0 for one not started). */
  get viewerCounts(): number[] {
    return this.links.map((link) => (link?.isAlive ? link.viewerCount : 0));
  }

  /** The worst event-loop delay p99 the workers last reported, ms (admission control judges it with the main thread's). */
  get lagP99Ms(): number {
    return Math.max(0, ...this.links.map((link) => (link?.isAlive ? link.lagP99Ms : 0)));
  }

  async close(): Promise<void> {
    const links = this.links.splice(0, this.links.length);
    await Promise.all(links.map((link) => link?.close()));
  }

  private leastLoaded(): WorkerLink {
    let best: WorkerLink | undefined;
    for (let index = 0; index < this.links.length; index++) {
      let link = this.links[index];
      if (!link?.isAlive) {
        link = new WorkerLink(index, this.config, this.log, this.tapModule);
        this.links[index] = link;
      }
      if (!best || link.viewerCount < best.viewerCount) best = link;
    }
    if (!best) throw new Error('no viewer workers are configured');
    return best;
  }
}
