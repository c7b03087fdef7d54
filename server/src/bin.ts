/** `relayrtc-server` / `npm start`: one server configured from the environment. */
import { configFromEnv } from './config.js';
import { createLogger } from './log.js';
import { startRelayServer } from './server.js';

const log = createLogger('relayrtc', 'info');
const config = configFromEnv();
const server = await startRelayServer(config);
log.info(`RelayRTC listening on http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${server.port}`);

function shutdown(signal: string): void {
  log.info('shutting down', { signal });
  void server.close().then(() => process.exit(0));
}
process.once('SIGINT', () => shutdown('SIGINT'));
process.once('SIGTERM', () => shutdown('SIGTERM'));
