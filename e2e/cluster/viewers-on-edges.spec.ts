/**
 * A cluster on a real Redis: one origin and two edges (relayrtc-server
 * processes of their own). A browser publishes three simulcast layers to the
 * origin; browsers playing on each edge decode it; the edge pulled every
 * layer, so its viewer can still pick one; the cluster statistics add the
 * edges' viewers up.
 */
import { test, expect } from '../helpers/test';
import { uniqueStreamId } from '../helpers/demo';
import { expectDecodedHeight, inboundVideo, rawPlay, rawPublish, simulcastFor, streamInfoHeights, viewerSends } from '../helpers/rawClient';
import { redisSkipReason, startRedis, type RedisServer } from '../helpers/redisServer';
import { startServer, type ServerProcess } from '../demos/serverProcess';

/** Three node processes start (tsx compiles each, up to a minute on a loaded machine) before the browsers do anything. */
test.describe.configure({ timeout: 180_000 });

const SECRET = 'e2e-cluster-secret-0123456789abcdef';

async function startNode(redis: RedisServer, role: 'origin' | 'edge', nodeId: string): Promise<ServerProcess> {
  return startServer(0, {
    RELAYRTC_CLUSTER_REDIS: redis.url,
    RELAYRTC_CLUSTER_ROLE: role,
    RELAYRTC_CLUSTER_SECRET: SECRET,
    RELAYRTC_CLUSTER_NODE_ID: nodeId,
    RELAYRTC_CLUSTER_HEARTBEAT_MS: '500',
    RELAYRTC_CLUSTER_NODE_TIMEOUT_MS: '2000',
    // Its log is attached to a failed test.
    LOG_LEVEL: 'info',
    // An origin answers a pull of a young stream once it is this old, for every simulcast layer to have started
    // (3 s by default; a pull is not renegotiated for a layer that starts later). A loaded CI machine starts
    // layers late: this spec is about what a pull carries, not about that race.
    RELAYRTC_CLUSTER_LAYER_START_MS: '6000',
  });
}

test('viewers on two edges see and can pick the layers of a stream published to the origin', async ({ openDemo, engine }, testInfo) => {
  const skip = redisSkipReason();
  test.skip(skip !== undefined, skip);
  const redis = await startRedis();
  const nodes: ServerProcess[] = [];
  try {
    nodes.push(...(await Promise.all([startNode(redis, 'origin', 'origin'), startNode(redis, 'edge', 'edge-a'), startNode(redis, 'edge', 'edge-b')])));
    const [origin, edgeA, edgeB] = nodes as [ServerProcess, ServerProcess, ServerProcess];
    const streamId = uniqueStreamId(testInfo);

    await rawPublish(await openDemo(`${origin.url}/`), streamId, simulcastFor(engine));
    const viewerA = await openDemo(`${edgeA.url}/`);
    const viewerB = await openDemo(`${edgeB.url}/`);
    // An edge offers once its pull from the origin is set up, which waits for the layers to start (above):
    // on a loaded machine that is more than the 10 s a play on one server gets.
    await rawPlay(viewerA, streamId, 30_000);
    await rawPlay(viewerB, streamId, 30_000);

    for (const viewer of [viewerA, viewerB]) {
      await expect.poll(async () => (await inboundVideo(viewer)).framesDecoded, { message: 'the edge viewer decodes frames' }).toBeGreaterThan(10);
      const decoded = (await inboundVideo(viewer)).framesDecoded;
      await expect.poll(async () => (await inboundVideo(viewer)).framesDecoded, { message: 'and they keep coming' }).toBeGreaterThan(decoded + 10);
    }

    // The edge pulled every layer the origin has: its viewer lists the same ones and gets the one it forces.
    // (Chrome sends three, or two while the machine's CPU holds its encoder back: seen at load average 12-30.)
    let heights: number[] = [];
    await expect
      .poll(
        async () => {
          const atOrigin = await originLayerHeights(origin, streamId);
          heights = await streamInfoHeights(viewerA, streamId);
          return heights.length >= 2 && heights.join() === atOrigin.join() ? 'the same' : `${heights.join()} at the edge, ${atOrigin.join()} at the origin`;
        },
        { timeout: 15_000, message: "the edge lists the origin's layers, two or more" },
      )
      .toBe('the same');
    const [lowest] = heights;
    await viewerSends(viewerA, { command: 'forceStreamQuality', streamId, streamHeight: lowest });
    await expectDecodedHeight(viewerA, lowest!);

    await expect
      .poll(
        async () => {
          const stats = (await (await fetch(`${origin.url}/LiveApp/rest/v2/cluster/statistics`)).json()) as { totalViewers: number; viewersByStream: Record<string, number> };
          return [stats.totalViewers, stats.viewersByStream[streamId]];
        },
        { message: 'the cluster statistics count one viewer per edge' },
      )
      .toEqual([2, 2]);
  } catch (error) {
    for (const [i, node] of nodes.entries()) await testInfo.attach(`node-${i}.log`, { body: node.output(), contentType: 'text/plain' });
    throw error;
  } finally {
    await Promise.all(nodes.map((node) => node.crash()));
    await redis.stop();
  }
});

/** Heights of the stream's layers at `origin`, lowest first, as its REST API lists them (loopback: no credentials). */
async function originLayerHeights(origin: ServerProcess, streamId: string): Promise<number[]> {
  const broadcast = (await (await fetch(`${origin.url}/LiveApp/rest/v2/broadcasts/${streamId}`)).json()) as { layers?: Array<{ height: number }> };
  return (broadcast.layers ?? []).map((layer) => layer.height).filter((height) => height > 0).sort((a, b) => a - b);
}
