/**
 * This server as a node of a cluster on Redis: registers itself (role,
 * address, load) with a heartbeat, records the streams it is the origin of
 * and announces their start and stop, releases the streams of nodes that
 * died, and pulls streams it lacks from their origins (edgePulls.ts).
 * Loaded only when cluster.redisUrl is set: a single node never loads ioredis.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { ErrorDefinition, errorMessage } from 'relayrtc/protocol';
import type { Logger } from '../log.js';
import type { TimerHandle } from '../relay/clock.js';
import type { SourceTrack } from '../relay/sourceTrack.js';
import type { ServerContext } from '../signaling/context.js';
import type { SignalingSession } from '../signaling/signalingSession.js';
import type { LiveStream } from '../streams/liveStream.js';
import { parseEdgeLayers } from './clusterConfigCheck.js';
import type { ClusterHooks } from './clusterHooks.js';
import { EdgePulls, viewerCount } from './edgePulls.js';
import { leastLoaded, websocketUrl, type ClientIntent } from './nodeSelection.js';
import { ProcessLoad } from './processLoad.js';
import { pulledLayers } from './pulledLayers.js';
import { isPullToken, signPullToken, verifyPullToken } from './pullToken.js';
import { RedisRegistry } from './redisRegistry.js';
import type { NodeIdentity, NodeLoad, NodeRecord, StreamEvent } from './registryRecords.js';

export interface ClusterNode extends ClusterHooks {
  /** Leaves the cluster (its streams released at once) and disconnects. */
  close(): Promise<void>;
}

export function nodeIdentity(config: ServerContext['config'], port: number): NodeIdentity {
  const { cluster } = config;
  return {
    id: cluster.nodeId || `${cluster.role}-${randomUUID().slice(0, 8)}`,
    role: cluster.role,
    url: (cluster.advertisedUrl || `http://127.0.0.1:${port}`).replace(/\/$/, ''),
  };
}

class RedisClusterNode implements ClusterNode {
  private readonly registry: RedisRegistry;
  private readonly pulls: EdgePulls;
  private readonly load = new ProcessLoad();
  private readonly heartbeat: TimerHandle;
  private readonly unsubscribe: Array<() => void> = [];
  /** Alive nodes as of the last heartbeat (synchronous answers for upgrades and refusals). */
  private snapshot: NodeRecord[] = [];
  /** When each node was last seen alive, by this node's clock: a node is dead after nodeTimeoutMs unseen. */
  private readonly lastSeen = new Map<string, number>();
  /** Streams this node is the origin of, as recorded in Redis. */
  private readonly recorded = new Set<LiveStream>();
  private readonly log: Logger;
  private closed = false;

  constructor(
    private readonly ctx: ServerContext,
    readonly self: NodeIdentity,
  ) {
    const { cluster } = ctx.config;
    this.log = ctx.log.child('cluster');
    this.registry = new RedisRegistry(cluster.redisUrl, self, cluster.nodeTimeoutMs, this.log);
    this.pulls = new EdgePulls(ctx, cluster.pullLingerMs, cluster.pullTimeoutMs);
    this.unsubscribe.push(
      ctx.registry.onStreamStarted((stream) => this.streamStarted(stream)),
      this.registry.onStreamEvent((event) => this.streamEvent(event)),
      this.registry.onReady(() => this.registerAgain()),
    );
    this.heartbeat = ctx.clock.every(cluster.heartbeatMs, () => void this.beat());
    this.log.info('joined the cluster', { ...self });
  }

  async pull(streamId: string, app: string): Promise<LiveStream | undefined> {
    const origin = await this.registry.originOf(streamId).catch((error: unknown) => {
      this.log.warn('cannot look up a stream in redis', { streamId, error: String(error) });
      return undefined;
    });
    if (!origin || origin.nodeId === this.self.id) return undefined;
    const { secret, edgeLayers } = this.ctx.config.cluster;
    const token = signPullToken(secret, streamId, { nodeId: this.self.id, layers: parseEdgeLayers(edgeLayers) ?? 'all' }, Date.now());
    return this.pulls.acquire(streamId, app, origin, token);
  }

  async admitsPublish(session: SignalingSession, streamId: string): Promise<boolean> {
    const { role, edgePublish } = this.ctx.config.cluster;
    if (role === 'origin' || edgePublish === 'accept') return true;
    const origin = leastLoaded(await this.registry.nodes().catch(() => this.snapshot), 'publish');
    const where = origin ? `publish to an origin, e.g. ${websocketUrl(origin.url, session.info.app)}` : 'no origin is alive right now';
    session.send(errorMessage(ErrorDefinition.publishNotAllowedOnEdge, streamId, `this server is an edge of a cluster and takes no publish: ${where}`));
    return false;
  }

  async pinnedLayers(streamId: string, token: string | undefined, stream: LiveStream): Promise<SourceTrack[] | undefined> {
    if (!isPullToken(token)) return undefined;
    const grant = verifyPullToken(this.ctx.config.cluster.secret, streamId, token, Date.now());
    if (!grant) return undefined;
    // A pull carries the layers there are when it starts: give a young stream's layers time to start.
    const wait = this.ctx.config.cluster.layerStartMs - (Date.now() - stream.createdAt);
    if (wait > 0) await new Promise<void>((resolve) => this.ctx.clock.after(wait, resolve));
    const layers = pulledLayers(stream.relay.videoLayers(), grant.layers);
    return layers.length > 0 ? layers : undefined;
  }

  misrouted(request: IncomingMessage, app: string): string | undefined {
    const target = new URL(request.url ?? '/', 'http://localhost').searchParams.get('target');
    if ((target !== 'origin' && target !== 'edge') || target === this.self.role) return undefined;
    const right = leastLoaded(this.snapshot.filter((node) => node.role === target), target === 'origin' ? 'publish' : 'play');
    return right ? websocketUrl(right.url, app) : undefined;
  }

  nodes(): Promise<NodeRecord[]> {
    return this.registry.nodes();
  }

  async nodeFor(intent: ClientIntent): Promise<NodeRecord | undefined> {
    return leastLoaded(await this.registry.nodes(), intent);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.heartbeat.cancel();
    for (const off of this.unsubscribe) off();
    this.pulls.close();
    this.load.close();
    await this.registry.leave([...this.recorded].map((stream) => stream.streamId)).catch((error: unknown) => this.log.warn('cannot leave the cluster cleanly', { error: String(error) }));
    this.recorded.clear();
    this.registry.close();
  }

  private currentLoad(): NodeLoad {
    const streams: Record<string, number> = {};
    let viewers = 0;
    for (const stream of this.ctx.registry.all()) {
      if (!stream.isLive) continue;
      const count = viewerCount(stream);
      streams[stream.streamId] = count;
      viewers += count;
    }
    return { ...this.load.take(), viewers, streams };
  }

  /** One heartbeat: load and liveness out; dead nodes reaped; pulls from dead or silent origins ended; idle pulls released. */
  private async beat(): Promise<void> {
    this.pulls.releaseIdle();
    if (!this.registry.ready) return;
    try {
      await this.registry.heartbeat(this.currentLoad(), Date.now());
      for (const { nodeId, streams } of await this.registry.reapDeadNodes()) {
        this.log.warn('a node missed its heartbeats: its streams are released', { node: nodeId, streams });
        this.pulls.endFrom(nodeId, 'the origin node died');
      }
      this.snapshot = await this.registry.nodes();
      this.checkOrigins();
    } catch (error) {
      this.log.debug('heartbeat failed', { error: String(error) });
    }
  }

  /**
   * Ends pulls whose origin has not been seen alive for nodeTimeoutMs. Judged by this node's
   * clock from snapshots taken while Redis answered, so a Redis restart (the registry empty until
   * every node registers again, within a heartbeat) does not kill healthy pulls.
   */
  private checkOrigins(): void {
    const now = this.ctx.clock.now();
    for (const node of this.snapshot) this.lastSeen.set(node.id, now);
    for (const origin of this.pulls.origins()) {
      const seen = this.lastSeen.get(origin);
      if (seen === undefined) this.lastSeen.set(origin, now);
      else if (now - seen >= this.ctx.config.cluster.nodeTimeoutMs) this.pulls.endFrom(origin, 'the origin node missed its heartbeats');
    }
  }

  private registerAgain(): void {
    const now = this.ctx.clock.now();
    // Whatever was unseen while Redis was away gets a fresh start.
    for (const id of this.lastSeen.keys()) this.lastSeen.set(id, now);
    void this.beat();
    for (const stream of this.recorded) void this.registry.recordStream(stream.streamId).catch(() => undefined);
  }

  private streamStarted(stream: LiveStream): void {
    if (this.pulls.isPulled(stream)) return;
    this.recorded.add(stream);
    void this.registry.recordStream(stream.streamId).catch((error: unknown) => this.log.warn('cannot record a stream in redis', { streamId: stream.streamId, error: String(error) }));
    stream.onFinish(() => {
      this.recorded.delete(stream);
      void this.registry.releaseStream(stream.streamId).catch(() => undefined);
    });
  }

  private streamEvent(event: StreamEvent): void {
    if (event.nodeId === this.self.id) return;
    if (event.event === 'stopped') {
      this.pulls.end(event.streamId, event.nodeId, 'the origin stopped the stream');
      return;
    }
    // Sockets here that asked for it too early: it is live somewhere now, and a play pulls it.
    if (!this.ctx.registry.live(event.streamId)) this.ctx.pendingPlays.announce(event.streamId);
  }
}

export function startClusterNode(ctx: ServerContext, port: number): ClusterNode {
  return new RedisClusterNode(ctx, nodeIdentity(ctx.config, port));
}
