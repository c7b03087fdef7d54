/**
 * `relayrtc-server` / `npm start`: one server configured from flags,
 * environment variables and an optional JSON file (`--help` lists them);
 * SIGTERM or SIGINT shut it down gracefully within shutdown.deadlineMs.
 */
import { ConfigError, loadConfig } from './config/loader.js';
import { createLogger } from './log.js';
import { startRelayServer } from './server.js';

let loaded;
try {
  loaded = loadConfig({ argv: process.argv.slice(2), env: process.env });
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`relayrtc-server: invalid configuration: ${error.message}\n`);
  process.exit(2);
}
if (loaded.kind === 'help') {
  process.stdout.write(loaded.text);
  process.exit(0);
}

const { config } = loaded;
const log = createLogger('relayrtc', config.log.level);
let server: Awaited<ReturnType<typeof startRelayServer>>;
try {
  server = await startRelayServer(config, { log });
} catch (error) {
  // EADDRINUSE, EACCES, a certificate that does not parse: say which, without a stack trace.
  process.stderr.write(`relayrtc-server: cannot start on ${config.host}:${config.port}: ${(error as Error).message}\n`);
  process.exit(1);
}
const scheme = server.secure ? 'https' : 'http';
const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
// The one line a person starting the server reads, whatever the log level.
process.stdout.write(`RelayRTC listening on ${scheme}://${shownHost}:${server.port}${loaded.file ? ` (config ${loaded.file})` : ''}\n`);
if (config.rest.enabled && config.rest.apiKeys.length === 0 && config.rest.jwtSecret === '') {
  log.warn('no REST credentials configured: the REST API and dashboard answer loopback clients only');
}

let stopping = false;
function stop(signal: string): void {
  if (stopping) return;
  stopping = true;
  log.info('signal received', { signal });
  // Belt and braces: exit at the deadline even if something in the orderly path hangs.
  setTimeout(() => process.exit(1), config.shutdown.deadlineMs + 1000).unref();
  void server.shutdown().then(
    (report) => process.exit(report.clean ? 0 : 1),
    (error: unknown) => {
      log.error('shutdown failed', { error: String(error) });
      process.exit(1);
    },
  );
}
process.once('SIGINT', () => stop('SIGINT'));
process.once('SIGTERM', () => stop('SIGTERM'));
