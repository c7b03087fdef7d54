/** The REST API under `/{app}/rest/v2`, behind the REST credentials; its OpenAPI description beside it, open. */
import express, { Router, type Request } from 'express';
import type { RequestHandler } from 'express';
import { broadcastRoutes } from './broadcasts.js';
import { clusterDiscoveryRoutes, clusterRoutes } from './cluster.js';
import { openApiDocument } from './openapi.js';
import type { RestContext } from './restContext.js';
import { statisticsRoutes } from './statistics.js';
import { tokenRoutes } from './tokens.js';

/** Request bodies are small JSON objects; anything larger is refused before parsing. */
const MAX_BODY = '16kb';

export function restRouter(rest: RestContext, requireCredentials: RequestHandler): Router {
  const router = Router({ mergeParams: true });
  router.get('/openapi.json', (request: Request<{ app: string }>, response) => {
    response.json(openApiDocument(request.params.app));
  });
  router.use('/cluster', clusterDiscoveryRoutes(rest));
  router.use(requireCredentials);
  router.use('/cluster', clusterRoutes(rest));
  router.use(express.json({ limit: MAX_BODY }));
  // Fixed paths before `/:id` ones.
  router.use('/broadcasts', statisticsRoutes(rest));
  router.use('/broadcasts', tokenRoutes(rest));
  router.use('/broadcasts', broadcastRoutes(rest));
  return router;
}
