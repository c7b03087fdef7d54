/** Helpers for the operations tests: configured test servers, HTTP calls, upgrade answers, leak counts. */
import { after, before } from 'node:test';
import WebSocket from 'ws';
import { defaultConfig, type RelayServerConfig } from '../../src/config.js';
import type { RelayServerDeps } from '../../src/server.js';
import { ProtocolClient } from './protocolClient.js';
import { startTestServer } from './testServer.js';

type Sections = Omit<RelayServerConfig, 'port' | 'host' | 'demoDir' | 'sdkDistDir'>;
export type ConfigPatch = { [K in keyof Sections]?: Partial<Sections[K]> };

/** A test server with some settings of some sections changed (the rest default). */
export function startConfiguredServer(patch: ConfigPatch, deps: RelayServerDeps = {}): ReturnType<typeof startTestServer> {
  const overrides: Partial<RelayServerConfig> = {};
  for (const [section, values] of Object.entries(patch)) {
    (overrides as Record<string, unknown>)[section] = { ...(defaultConfig as unknown as Record<string, object>)[section], ...values };
  }
  return startTestServer(overrides, deps);
}

export type ConfiguredServer = Awaited<ReturnType<typeof startConfiguredServer>>;

/**
 * One configured server for the whole test file: started before its tests (handed to `started`),
 * closed after them with every client `connect` opened. Returns `connect`.
 */
export function serverForThisFile(patch: ConfigPatch, started: (server: ConfiguredServer) => void): () => Promise<ProtocolClient> {
  let server: ConfiguredServer | undefined;
  const clients: ProtocolClient[] = [];
  before(async () => {
    server = await startConfiguredServer(patch);
    started(server);
  });
  after(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await server?.close();
  });
  return async () => {
    if (!server) throw new Error('the file server is not started yet');
    const client = await ProtocolClient.connect(server.url);
    clients.push(client);
    return client;
  };
}

/** One sample's value from the /metrics exposition text, by its name with labels as written. */
export function sample(text: string, series: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  if (!line) throw new Error(`no ${series} in /metrics`);
  return Number(line.split(' ')[1]);
}

export function httpBase(server: { port: number; secure: boolean }): string {
  return `${server.secure ? 'https' : 'http'}://127.0.0.1:${server.port}`;
}

export interface HttpAnswer {
  status: number;
  body: unknown;
  headers: Headers;
}

export async function call(url: string, init: RequestInit = {}): Promise<HttpAnswer> {
  const response = await fetch(url, init);
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, body, headers: response.headers };
}

/** The HTTP status a WebSocket upgrade gets: 101 when accepted (the socket is closed again). */
export function upgradeStatus(url: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.once('open', () => {
      ws.close();
      resolve(101);
    });
    ws.once('unexpected-response', (_request, response) => {
      resolve(response.statusCode ?? 0);
      response.resume();
      ws.terminate();
    });
    ws.once('error', (error) => {
      if (!/Unexpected server response/.test(String(error))) reject(error);
    });
  });
}

/** Active timers of this process (Node's own count), to prove none are left behind. */
export function activeTimerCount(): number {
  const resources = (process as unknown as { getActiveResourcesInfo(): string[] }).getActiveResourcesInfo();
  return resources.filter((r) => r === 'Timeout').length;
}
