/**
 * The streams this node pulls from other nodes, by stream id: one pull per
 * stream however many local viewers play it (plays that arrive while it is
 * being set up wait for the same pull), ended when its last local viewer has
 * been gone for the linger time, when its origin stops the stream, or when
 * its origin node dies. Ending a pull ends the local stream, so its viewers
 * get play_finished.
 */
import type { ServerContext } from '../signaling/context.js';
import type { LiveStream } from '../streams/liveStream.js';
import { OriginPull } from './originPull.js';
import type { StreamOrigin } from './registryRecords.js';

/** Players that are viewers (not another node pulling through this one). */
export function viewerCount(stream: LiveStream): number {
  let viewers = 0;
  for (const player of stream.players) if ((player as { relayPull?: boolean }).relayPull !== true) viewers++;
  return viewers;
}

interface Entry {
  pull: OriginPull;
  /** When the stream last had no local viewer (undefined while it has some). */
  idleSince: number | undefined;
}

export class EdgePulls {
  private readonly pulls = new Map<string, Entry>();

  constructor(
    private readonly ctx: ServerContext,
    private readonly lingerMs: number,
    private readonly timeoutMs: number,
  ) {}

  /** Whether `stream` is a pulled copy (its origin is another node). */
  isPulled(stream: LiveStream): boolean {
    return this.pulls.get(stream.streamId)?.pull.stream === stream;
  }

  /** The local copy of `streamId`, pulled from `origin` if not already, once media flows; undefined if that fails. */
  async acquire(streamId: string, app: string, origin: StreamOrigin, token: string): Promise<LiveStream | undefined> {
    const { ctx } = this;
    let entry = this.pulls.get(streamId);
    if (!entry) {
      // A local stream of that id that is not live (a publish being set up here) keeps its id.
      if (ctx.registry.get(streamId)) return undefined;
      const stream = ctx.registry.create(streamId, `cluster:${origin.nodeId}`);
      const pull = new OriginPull(ctx, stream, origin.nodeId, origin.url, app, token, ({ reason }) => this.ended(pull, reason));
      entry = { pull, idleSince: ctx.clock.now() };
      this.pulls.set(streamId, entry);
      ctx.log.info('pulling a stream from its origin', { streamId, origin: origin.nodeId });
    }
    const { pull } = entry;
    const timer = ctx.clock.after(this.timeoutMs, () => pull.close(`no media from the origin within ${this.timeoutMs} ms`));
    try {
      await pull.live;
      return pull.stream.isLive ? pull.stream : undefined;
    } catch {
      return undefined;
    } finally {
      timer.cancel();
    }
  }

  /** Ends every pull from `nodeId` (it died). */
  endFrom(nodeId: string, reason: string): void {
    for (const { pull } of [...this.pulls.values()]) if (pull.originNodeId === nodeId) pull.close(reason);
  }

  /** Ends the pull of `streamId` if it comes from `nodeId`. */
  end(streamId: string, nodeId: string, reason: string): void {
    const entry = this.pulls.get(streamId);
    if (entry && entry.pull.originNodeId === nodeId) entry.pull.close(reason);
  }

  /** Origin node ids of the current pulls. */
  origins(): Set<string> {
    return new Set([...this.pulls.values()].map(({ pull }) => pull.originNodeId));
  }

  /** Ends pulls whose local viewers have all been gone for the linger time; run periodically. */
  releaseIdle(): void {
    const now = this.ctx.clock.now();
    for (const entry of [...this.pulls.values()]) {
      if (!entry.pull.stream.isLive) continue;
      if (entry.pull.stream.players.size > 0) entry.idleSince = undefined;
      else if (entry.idleSince === undefined) entry.idleSince = now;
      else if (now - entry.idleSince >= this.lingerMs) entry.pull.close('its last viewer left');
    }
  }

  close(): void {
    for (const { pull } of [...this.pulls.values()]) pull.close('the node is leaving');
  }

  private ended(pull: OriginPull, reason: string): void {
    if (this.pulls.get(pull.streamId)?.pull === pull) this.pulls.delete(pull.streamId);
    this.ctx.log.info('pull ended', { streamId: pull.streamId, origin: pull.originNodeId, reason });
    this.ctx.registry.remove(pull.stream);
  }
}
