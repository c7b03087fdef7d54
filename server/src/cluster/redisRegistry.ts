/**
 * The cluster's shared state on Redis (ioredis): nodes with their load and a
 * heartbeat (a key that expires), each stream's origin, and stream start/stop
 * events on pub/sub. ioredis reconnects by itself; on every `ready` (the
 * first connect, and after Redis restarted empty) the node is registered
 * again, with its streams, by whoever listens to `onReady`.
 */
import { Redis } from 'ioredis';
import type { Logger } from '../log.js';
import {
  NODES_KEY,
  STREAM_EVENTS_CHANNEL,
  nodeFields,
  nodeKey,
  nodeStreamsKey,
  parseNodeRecord,
  parseStreamEvent,
  parseStreamOrigin,
  streamKey,
  type NodeIdentity,
  type NodeLoad,
  type NodeRecord,
  type StreamEvent,
  type StreamOrigin,
} from './registryRecords.js';

/** Deletes a stream's record only when `node` still owns it (a re-publish elsewhere may have taken it). */
const RELEASE_STREAM = `
if redis.call('HGET', KEYS[1], 'node') == ARGV[1] then redis.call('DEL', KEYS[1]) end
redis.call('SREM', KEYS[2], ARGV[2])
return 1`;

/**
 * A dead node (its heartbeat key expired): forget it and release the streams
 * it still owns, atomically, so two nodes reaping at once release each once.
 * Answers nil (alive, or reaped by another node first) or the released ids.
 */
const REAP_NODE = `
if redis.call('EXISTS', KEYS[2]) == 1 then return false end
if redis.call('SREM', KEYS[1], ARGV[1]) == 0 then return false end
local released = {}
for _, id in ipairs(redis.call('SMEMBERS', KEYS[3])) do
  local key = ARGV[2] .. id
  if redis.call('HGET', key, 'node') == ARGV[1] then
    redis.call('DEL', key)
    table.insert(released, id)
  end
end
redis.call('DEL', KEYS[3])
return released`;

export class RedisRegistry {
  private readonly redis: Redis;
  private readonly subscriber: Redis;
  private readonly readyListeners = new Set<() => void>();
  private readonly eventListeners = new Set<(event: StreamEvent) => void>();
  private connectedOnce = false;
  private warnedDown = false;
  private closed = false;

  constructor(
    url: string,
    private readonly self: NodeIdentity,
    private readonly nodeTimeoutMs: number,
    private readonly log: Logger,
  ) {
    // No offline queue: while Redis is away a lookup fails at once (the play gets no_stream_exist)
    // instead of hanging, and heartbeats do not pile up to be replayed stale.
    this.redis = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectionName: `relayrtc-${self.id}` });
    this.subscriber = new Redis(url, { maxRetriesPerRequest: null, connectionName: `relayrtc-${self.id}-events` });
    for (const connection of [this.redis, this.subscriber]) connection.on('error', (error: Error) => this.connectionError(error));
    this.redis.on('ready', () => {
      if (this.connectedOnce || this.warnedDown) this.log.warn('redis back: registering this node again', { node: self.id });
      this.connectedOnce = true;
      this.warnedDown = false;
      for (const listener of this.readyListeners) listener();
    });
    // ioredis subscribes again by itself after a reconnect.
    void this.subscriber.subscribe(STREAM_EVENTS_CHANNEL).catch((error: unknown) => {
      if (!this.closed) this.log.warn('cannot subscribe to stream events', { error: String(error) });
    });
    this.subscriber.on('message', (channel: string, text: string) => {
      if (channel !== STREAM_EVENTS_CHANNEL) return;
      const event = parseStreamEvent(text);
      if (!event) return this.log.debug('ignored a malformed stream event', { text: text.slice(0, 200) });
      for (const listener of this.eventListeners) listener(event);
    });
  }

  get ready(): boolean {
    return this.redis.status === 'ready';
  }

  /** Called on every (re)connection: register the node and its streams then. */
  onReady(listener: () => void): () => void {
    this.readyListeners.add(listener);
    if (this.ready) listener();
    return () => this.readyListeners.delete(listener);
  }

  onStreamEvent(listener: (event: StreamEvent) => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  /** Writes the node's load and renews its heartbeat key. */
  async heartbeat(load: NodeLoad, now: number): Promise<void> {
    const key = nodeKey(this.self.id);
    await this.redis.multi().hset(key, nodeFields(this.self, load, now)).pexpire(key, this.nodeTimeoutMs).sadd(NODES_KEY, this.self.id).exec();
  }

  /** This node is the origin of `streamId`; tells the cluster it started. */
  async recordStream(streamId: string): Promise<void> {
    await this.redis
      .multi()
      .hset(streamKey(streamId), { node: this.self.id, url: this.self.url, startedAt: String(Date.now()) })
      .sadd(nodeStreamsKey(this.self.id), streamId)
      .exec();
    await this.publish({ event: 'started', streamId, nodeId: this.self.id, url: this.self.url });
  }

  async releaseStream(streamId: string): Promise<void> {
    await this.redis.eval(RELEASE_STREAM, 2, streamKey(streamId), nodeStreamsKey(this.self.id), this.self.id, streamId);
    await this.publish({ event: 'stopped', streamId, nodeId: this.self.id, url: this.self.url });
  }

  async originOf(streamId: string): Promise<StreamOrigin | undefined> {
    return parseStreamOrigin(await this.redis.hgetall(streamKey(streamId)));
  }

  /** Every node whose heartbeat is current. */
  async nodes(): Promise<NodeRecord[]> {
    const ids = await this.redis.smembers(NODES_KEY);
    if (ids.length === 0) return [];
    const pipeline = this.redis.pipeline();
    for (const id of ids) pipeline.hgetall(nodeKey(id));
    const replies = (await pipeline.exec()) ?? [];
    return replies.flatMap(([error, hash]) => {
      const record = error ? undefined : parseNodeRecord(hash as Record<string, string>);
      return record ? [record] : [];
    });
  }

  /** Forgets nodes whose heartbeat expired and releases their streams (telling the cluster); returns what it released. */
  async reapDeadNodes(): Promise<Array<{ nodeId: string; streams: string[] }>> {
    const ids = await this.redis.smembers(NODES_KEY);
    const reaped: Array<{ nodeId: string; streams: string[] }> = [];
    for (const id of ids) {
      if (id === this.self.id) continue;
      const streams = (await this.redis.eval(REAP_NODE, 3, NODES_KEY, nodeKey(id), nodeStreamsKey(id), id, streamKey(''))) as string[] | null;
      if (!Array.isArray(streams)) continue;
      reaped.push({ nodeId: id, streams });
      for (const streamId of streams) await this.publish({ event: 'stopped', streamId, nodeId: id, url: '' });
    }
    return reaped;
  }

  /** Leaves the cluster: the node and the streams it owns are forgotten at once. */
  async leave(streamIds: string[]): Promise<void> {
    if (!this.ready) return;
    for (const streamId of streamIds) await this.releaseStream(streamId);
    await this.redis.multi().del(nodeKey(this.self.id)).del(nodeStreamsKey(this.self.id)).srem(NODES_KEY, this.self.id).exec();
  }

  close(): void {
    this.closed = true;
    this.redis.disconnect();
    this.subscriber.disconnect();
  }

  private publish(event: StreamEvent): Promise<number> {
    return this.redis.publish(STREAM_EVENTS_CHANNEL, JSON.stringify(event));
  }

  private connectionError(error: Error): void {
    // ioredis retries on its own; say so once per outage, not once per attempt.
    if (this.warnedDown || this.closed) return;
    this.warnedDown = true;
    this.log.warn('redis unreachable: retrying', { node: this.self.id, error: error.message });
  }
}
