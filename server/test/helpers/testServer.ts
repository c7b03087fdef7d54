/** Starts a real RelayRTC server on an ephemeral loopback port for one test file. */
import { defaultConfig, type RelayServerConfig } from '../../src/config.js';
import { startRelayServer, type RelayServer } from '../../src/server.js';

export async function startTestServer(overrides: Partial<RelayServerConfig> = {}): Promise<RelayServer & { url: string }> {
  const server = await startRelayServer({ ...defaultConfig, port: 0, host: '127.0.0.1', ...overrides });
  return Object.assign(server, { url: `ws://127.0.0.1:${server.port}/LiveApp/websocket` });
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
