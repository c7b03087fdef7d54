/**
 * Clustering on a real Redis with real node processes on loopback: one
 * origin and two edges (each a `relayrtc-server`), a werift publisher on the
 * origin and werift players on both edges. The edges pull the stream from the
 * origin and fan it out; the cluster statistics add the edges' viewers up; the
 * origin is killed (SIGKILL) and the edges' players are told; the publisher
 * publishes again on a second origin and the stream is found again; Redis is
 * restarted empty and the nodes register again by themselves.
 */
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { after, before, describe, it } from 'node:test';
import { NodeProcess, RedisProcess, redisServerPath } from './helpers/clusterProcesses.js';
import { call, upgradeStatus } from './helpers/ops.js';
import { ProtocolClient } from './helpers/protocolClient.js';
import { eventually, startTestServer } from './helpers/testServer.js';
import { playAndRecord, publishSynthetic, type RecordingPlayer, type SyntheticPublisher } from './helpers/weriftPeers.js';

const HEARTBEAT_MS = 300;
const NODE_TIMEOUT_MS = 1500;
const STREAM = 'cluster_stream';
const redisMissing = redisServerPath() === undefined;

interface ClusterStatistics {
  origins: number;
  edges: number;
  totalViewers: number;
  viewersByStream: Record<string, number>;
  nodes: Array<{ id: string; role: string; url: string; viewers: number }>;
}

async function statistics(node: NodeProcess): Promise<ClusterStatistics> {
  const answer = await call(`${node.rest}/cluster/statistics`);
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
  return answer.body as ClusterStatistics;
}

/** Polls the cluster statistics (heartbeats are periodic) until `check` holds. */
async function statisticsUntil(node: NodeProcess, check: (s: ClusterStatistics) => boolean, description: string, timeoutMs = 10_000): Promise<ClusterStatistics> {
  const deadline = Date.now() + timeoutMs;
  let last: ClusterStatistics | undefined;
  for (;;) {
    last = await statistics(node).catch(() => last);
    if (last && check(last)) return last;
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${description}; last: ${JSON.stringify(last)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A publisher that keeps sending (50 packets/s) until closed. */
async function publishPaced(url: string, streamId: string): Promise<{ client: ProtocolClient; publisher: SyntheticPublisher; stop(): Promise<void> }> {
  const client = await ProtocolClient.connect(url);
  const publisher = await publishSynthetic(client, streamId);
  const pacer = setInterval(() => publisher.sendVideoPacket(), 20);
  return {
    client,
    publisher,
    stop: async () => {
      clearInterval(pacer);
      await publisher.close().catch(() => undefined);
      await client.close();
    },
  };
}

/** Resolves once the player has received `count` more video packets than it had. */
async function receivesMore(player: RecordingPlayer, count: number, what: string, timeoutMs = 10_000): Promise<void> {
  const from = player.video.length;
  await eventually(() => player.video.length >= from + count, `${what} receives ${count} more video packets (has ${player.video.length})`, timeoutMs);
}

describe('cluster: one origin, two edges, on Redis', { skip: redisMissing && 'redis-server is not installed (Debian package redis-server; scripts/test.sh installs it)' }, () => {
  let redis: RedisProcess;
  const nodes: NodeProcess[] = [];
  const cleanups: Array<() => Promise<void>> = [];
  let origin: NodeProcess;
  let edge1: NodeProcess;
  let edge2: NodeProcess;

  const startNode = async (role: 'origin' | 'edge', nodeId: string): Promise<NodeProcess> => {
    // Edges never end a silent pull on their own ingest watchdog here, so the origin-death test proves the heartbeat path.
    // The synthetic publisher sends one layer: origins need not wait for more before answering a pull.
    const extraArgs = [...(role === 'edge' ? ['--ingest-idle-timeout-ms', '0'] : ['--cluster-layer-start-ms', '0']), ...(process.env.RELAYRTC_CLUSTER_TEST_LOGS ? ['--log-level', 'info'] : [])];
    const node = await NodeProcess.start({ role, nodeId, redisUrl: redis.url, heartbeatMs: HEARTBEAT_MS, nodeTimeoutMs: NODE_TIMEOUT_MS, extraArgs });
    nodes.push(node);
    return node;
  };

  before(async () => {
    redis = await RedisProcess.startOnFreePort();
    [origin, edge1, edge2] = await Promise.all([startNode('origin', 'origin-1'), startNode('edge', 'edge-1'), startNode('edge', 'edge-2')]);
  });

  after(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
    await Promise.all(nodes.map((node) => node.kill()));
    await redis?.kill();
  });

  it('registers every node with its role, address and load', async () => {
    const stats = await statisticsUntil(edge1, (s) => s.nodes.length === 3, 'three nodes are registered');
    assert.equal(stats.origins, 1);
    assert.equal(stats.edges, 2);
    const byId = new Map(stats.nodes.map((node) => [node.id, node]));
    assert.equal(byId.get('origin-1')?.url, origin.http);
    assert.equal(byId.get('edge-2')?.role, 'edge');
    // Discovery: publishes go to the origin, plays to an edge.
    const forPublish = await call(`${edge2.rest}/cluster/node?for=publish`);
    assert.deepEqual([forPublish.status, (forPublish.body as { websocket_url: string }).websocket_url], [200, origin.ws]);
    const forPlay = (await call(`${origin.rest}/cluster/node?for=play&streamId=${STREAM}`)).body as { role: string; websocket_url: string };
    assert.equal(forPlay.role, 'edge');
    assert.ok([edge1.ws, edge2.ws].includes(forPlay.websocket_url), forPlay.websocket_url);
  });

  it('refuses a publish on an edge, naming an origin, and routes target=origin away from edges', async () => {
    const client = await ProtocolClient.connect(edge1.ws);
    cleanups.push(() => client.close());
    client.send({ command: 'publish', streamId: 'not_here' });
    const refusal = await client.next((m) => m.command === 'error');
    assert.equal(refusal.definition, 'publishNotAllowedOnEdge');
    assert.match(String(refusal.information), new RegExp(origin.ws.replace(/[.]/g, '\\.')));
    // An upgrade is judged on what the node knew at its last heartbeat.
    const deadline = Date.now() + 5000;
    let status = await upgradeStatus(`${edge1.ws}?target=origin`);
    while (status !== 421 && Date.now() < deadline) status = await upgradeStatus(`${edge1.ws}?target=origin`);
    assert.equal(status, 421);
    assert.equal(await upgradeStatus(`${edge1.ws}?target=edge`), 101);
  });

  let publishing: Awaited<ReturnType<typeof publishPaced>>;
  const players: Array<{ client: ProtocolClient; player: RecordingPlayer }> = [];

  it('pulls a stream published on the origin to both edges, whose players receive it, and adds their viewers up', async () => {
    publishing = await publishPaced(origin.ws, STREAM);
    cleanups.push(() => publishing.stop());
    for (const edge of [edge1, edge1, edge2]) {
      const client = await ProtocolClient.connect(edge.ws);
      cleanups.push(() => client.close());
      const player = await playAndRecord(client, STREAM);
      cleanups.push(() => player.close());
      players.push({ client, player });
    }
    for (const [i, { player }] of players.entries()) await receivesMore(player, 25, `player ${i}`);
    // What they receive is the publisher's media: its packet indices, in order.
    for (const { player } of players) {
      const indices = player.video.slice(-20).map((p) => p.index);
      assert.ok(indices.every((index, i) => i === 0 || index > indices[i - 1]!), `indices ${indices.join(',')}`);
      assert.ok(indices.at(-1)! <= publishing.publisher.sent);
    }
    const stats = await statisticsUntil(origin, (s) => s.totalViewers === 3, 'the cluster counts 3 viewers');
    assert.equal(stats.viewersByStream[STREAM], 3);
    const viewers = new Map(stats.nodes.map((node) => [node.id, node.viewers]));
    // The edges' pulls are not viewers of the origin.
    assert.deepEqual([viewers.get('origin-1'), viewers.get('edge-1'), viewers.get('edge-2')], [0, 2, 1]);
  });

  it("tells the edges' players play_finished when the origin stops answering, within the heartbeat timeout", async () => {
    // Frozen, not killed: its sockets stay open, so only its missing heartbeats can tell the edges.
    const frozenAt = Date.now();
    origin.freeze();
    await Promise.all(players.map(({ client }) => client.notification('play_finished', STREAM, NODE_TIMEOUT_MS + 3000)));
    const elapsed = Date.now() - frozenAt;
    assert.ok(elapsed >= NODE_TIMEOUT_MS - HEARTBEAT_MS, `told after ${elapsed} ms: before the heartbeat timeout, so not by the heartbeat`);
    assert.ok(elapsed < NODE_TIMEOUT_MS + 3000, `told after ${elapsed} ms`);
    // The dead node and its stream are released from the registry.
    await statisticsUntil(edge1, (s) => s.origins === 0 && s.nodes.length === 2 && s.viewersByStream[STREAM] === undefined, 'the dead origin and its viewers are gone from the registry');
    await origin.kill();
    await publishing.stop();
  });

  let origin2: NodeProcess;
  let replayed: RecordingPlayer;

  it('finds the stream again when the publisher publishes on another origin', async () => {
    origin2 = await startNode('origin', 'origin-2');
    // A viewer asking an edge while no origin has the stream is told when one has it again.
    const waiting = await ProtocolClient.connect(edge2.ws);
    cleanups.push(() => waiting.close());
    waiting.send({ command: 'play', streamId: STREAM });
    assert.equal((await waiting.next((m) => m.command === 'error')).definition, 'no_stream_exist');
    publishing = await publishPaced(origin2.ws, STREAM);
    await waiting.notification('streaming_started', STREAM);
    cleanups.push(() => publishing.stop());
    // A new socket, as a reconnecting page would open (the helper reads the first offer of a socket).
    const client = await ProtocolClient.connect(edge1.ws);
    cleanups.push(() => client.close());
    replayed = await playAndRecord(client, STREAM);
    cleanups.push(() => replayed.close());
    await receivesMore(replayed, 25, 'the player that played again');
  });

  it('recovers from a Redis restart: the nodes register again, the running pull keeps going and a new play works', async () => {
    await redis.kill();
    await redis.start();
    const stats = await statisticsUntil(edge2, (s) => s.nodes.length === 3, 'the three live nodes registered again', 15_000);
    assert.deepEqual(stats.nodes.map((node) => node.id).sort(), ['edge-1', 'edge-2', 'origin-2']);
    await receivesMore(replayed, 25, 'the player on edge-1 after the restart');
    const client = await ProtocolClient.connect(edge2.ws);
    cleanups.push(() => client.close());
    const player = await playAndRecord(client, STREAM);
    cleanups.push(() => player.close());
    await receivesMore(player, 25, 'a new player on edge-2 after the restart');
    await statisticsUntil(origin2, (s) => s.viewersByStream[STREAM] === 2, 'the cluster counts both viewers after the restart');
  });
});

describe('a single node (no cluster configured)', () => {
  it('never loads ioredis, and discovery answers with the node itself', async () => {
    const server = await startTestServer();
    try {
      assert.equal(server.context.cluster, undefined);
      const require = createRequire(import.meta.url);
      const loaded = Object.keys((require('node:module') as { _cache: Record<string, unknown> })._cache).filter((path) => path.includes('/node_modules/ioredis/'));
      assert.deepEqual(loaded, []);
      const answer = await call(`http://127.0.0.1:${server.port}/LiveApp/rest/v2/cluster/node?for=play`);
      assert.equal(answer.status, 200);
      assert.equal((answer.body as { websocket_url: string }).websocket_url, server.url);
      assert.equal((await call(`http://127.0.0.1:${server.port}/LiveApp/rest/v2/cluster/node?for=everything`)).status, 400);
    } finally {
      await server.close();
    }
  });
});
