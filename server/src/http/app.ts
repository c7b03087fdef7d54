/**
 * The HTTP side: probes (`/health` liveness, `/ready` readiness), Prometheus
 * `/metrics`, the REST API under `/{app}/rest/v2`, the operator dashboard at
 * `/dashboard/` (behind the REST credentials), the built SDK at `/sdk/` and
 * the demo pages at `/`.
 */
import express, { type ErrorRequestHandler, type Express } from 'express';
import type { RelayServerConfig } from '../config.js';
import type { Logger } from '../log.js';
import { METRICS_CONTENT_TYPE, type ServerMetrics } from '../ops/metrics.js';
import { requireRestCredentials } from './credentials.js';
import type { RestContext } from './rest/restContext.js';
import { restRouter } from './rest/router.js';

export interface HttpDeps {
  config: RelayServerConfig;
  log: Logger;
  rest: RestContext;
  metrics: ServerMetrics;
  /** Ready for new sessions: listening and not shutting down. */
  ready(): boolean;
}

export const DASHBOARD_DIR = new URL('../../dashboard/', import.meta.url).pathname;

/** Malformed JSON bodies and other request errors answer as JSON, never as an HTML stack trace. */
const jsonErrors: ErrorRequestHandler = (error: { status?: number; message?: string }, _request, response, _next) => {
  const status = typeof error.status === 'number' && error.status >= 400 && error.status < 500 ? error.status : 500;
  response.status(status).json({ success: false, message: status === 500 ? 'internal error' : (error.message ?? 'bad request') });
};

export function createHttpApp(deps: HttpDeps): Express {
  const { config } = deps;
  const app = express();
  app.disable('x-powered-by');
  const credentials = requireRestCredentials(config.rest, deps.log.child('rest'));

  app.get('/health', (_request, response) => {
    response.json({ status: 'ok' });
  });
  app.get('/ready', (_request, response) => {
    const ready = deps.ready();
    response.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'draining' });
  });
  if (config.metrics.enabled) {
    const guard = config.metrics.requireCredentials ? [credentials] : [];
    app.get('/metrics', ...guard, async (_request, response) => {
      response.type(METRICS_CONTENT_TYPE).send(await deps.metrics.text());
    });
  }
  if (config.rest.enabled) {
    app.use('/:app/rest/v2', restRouter(deps.rest, credentials));
    app.use('/dashboard', credentials, express.static(DASHBOARD_DIR, { index: 'index.html' }));
  }
  app.use('/sdk', express.static(config.sdkDistDir, { fallthrough: true }));
  app.use('/', express.static(config.demoDir, { extensions: ['html'] }));
  app.use(jsonErrors);
  return app;
}
