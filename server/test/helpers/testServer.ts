/**
 * Starts a real RelayRTC server on an ephemeral loopback port for one test file.
 * Admission control is off unless a test sets it: the test's own werift peers
 * share the server's event loop on a busy machine, and a refused play there
 * would be a flaky test, not a finding (admission-control.test.ts sets it).
 */
import { defaultConfig, type RelayServerConfig } from '../../src/config.js';
import { startRelayServer, type RelayServer, type RelayServerDeps } from '../../src/server.js';

export async function startTestServer(overrides: Partial<RelayServerConfig> = {}, deps: RelayServerDeps = {}): Promise<RelayServer & { url: string }> {
  const server = await startRelayServer({ ...defaultConfig, port: 0, host: '127.0.0.1', admission: { ...defaultConfig.admission, maxEventLoopLagMs: -1, maxCpuPercent: -1 }, ...overrides }, deps);
  return Object.assign(server, { url: `ws://127.0.0.1:${server.port}/LiveApp/websocket` });
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `check` until it holds, failing with `description` after `timeoutMs`. */
export async function eventually(check: () => boolean, description: string, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${description}`);
    await delay(20);
  }
}
