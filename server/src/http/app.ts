/** The HTTP side: demo pages at `/`, the built SDK at `/sdk/`, a health probe. */
import express, { type Express } from 'express';
import type { RelayServerConfig } from '../config.js';

export function createHttpApp(config: RelayServerConfig): Express {
  const app = express();
  app.disable('x-powered-by');
  app.get('/health', (_request, response) => {
    response.json({ status: 'ok' });
  });
  app.use('/sdk', express.static(config.sdkDistDir, { fallthrough: true }));
  app.use('/', express.static(config.demoDir, { extensions: ['html'] }));
  return app;
}
