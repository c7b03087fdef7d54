/**
 * The cluster in the REST API (`/{app}/rest/v2/cluster/…`): which node a
 * client should use (open, like a load balancer's answer: Ant Media's
 * `httpEndpointUrl` discovery shape, §4.1.4), and, behind the REST
 * credentials, the alive nodes with their load and the viewers they carry,
 * added up across the cluster. A single node answers for itself.
 */
import { Router, type Request } from 'express';
import type { NodeRecord } from '../../cluster/registryRecords.js';
import { websocketUrl } from '../../cluster/nodeSelection.js';
import { viewerCount } from '../../cluster/edgePulls.js';
import { fail } from './broadcasts.js';
import type { RestContext } from './restContext.js';

type AppParams = { app: string };

/** This node as a record, for a single node (no cluster configured). */
function localNode(rest: RestContext, request: Request): NodeRecord {
  const streams: Record<string, number> = {};
  for (const stream of rest.ctx.registry.all()) if (stream.isLive) streams[stream.streamId] = viewerCount(stream);
  const viewers = Object.values(streams).reduce((sum, n) => sum + n, 0);
  return { id: 'local', role: 'origin', url: `${request.protocol}://${request.get('host') ?? 'localhost'}`, cpuPercent: 0, eventLoopLagMs: 0, viewers, streams, updatedAt: Date.now() };
}

async function aliveNodes(rest: RestContext, request: Request): Promise<NodeRecord[]> {
  return rest.ctx.cluster ? rest.ctx.cluster.nodes() : [localNode(rest, request)];
}

/** `GET /cluster/node?for=publish|play[&streamId=…]`, open. */
export function clusterDiscoveryRoutes(rest: RestContext): Router {
  const router = Router({ mergeParams: true });
  router.get('/node', async (request: Request<AppParams>, response) => {
    const intent = request.query.for ?? 'play';
    if (intent !== 'publish' && intent !== 'play') return fail(response, 400, "'for' must be publish or play");
    let node: NodeRecord | undefined;
    try {
      node = rest.ctx.cluster ? await rest.ctx.cluster.nodeFor(intent) : localNode(rest, request);
    } catch (error) {
      return fail(response, 503, `the cluster registry does not answer: ${String(error)}`);
    }
    if (!node) return fail(response, 503, `no ${intent === 'publish' ? 'origin' : 'node'} is alive`);
    const url = new URL(node.url);
    response.json({
      nodeId: node.id,
      role: node.role,
      fqdn: url.hostname,
      http_url: node.url,
      websocket_url: websocketUrl(node.url, request.params.app),
      ...(typeof request.query.streamId === 'string' ? { streamId: request.query.streamId } : {}),
    });
  });
  return router;
}

/** `GET /cluster/nodes` and `GET /cluster/statistics`, behind the REST credentials. */
export function clusterRoutes(rest: RestContext): Router {
  const router = Router({ mergeParams: true });
  router.get('/nodes', async (request: Request<AppParams>, response) => {
    try {
      response.json(await aliveNodes(rest, request));
    } catch (error) {
      fail(response, 503, `the cluster registry does not answer: ${String(error)}`);
    }
  });
  router.get('/statistics', async (request: Request<AppParams>, response) => {
    let nodes: NodeRecord[];
    try {
      nodes = await aliveNodes(rest, request);
    } catch (error) {
      return fail(response, 503, `the cluster registry does not answer: ${String(error)}`);
    }
    const viewersByStream: Record<string, number> = {};
    for (const node of nodes) for (const [streamId, viewers] of Object.entries(node.streams)) viewersByStream[streamId] = (viewersByStream[streamId] ?? 0) + viewers;
    const count = (role: string) => nodes.filter((node) => node.role === role).length;
    response.json({
      origins: count('origin'),
      edges: count('edge'),
      totalViewers: nodes.reduce((sum, node) => sum + node.viewers, 0),
      viewersByStream,
      nodes,
    });
  });
  return router;
}
