/**
 * Which server to connect to, asked of a discovery endpoint before the
 * WebSocket opens: Ant Media's `httpEndpointUrl` answer shape (`fqdn`,
 * `websocket_url`, `http_url`). relayrtc-server answers it at
 * `/{app}/rest/v2/cluster/node` with its cluster's least-loaded node (itself
 * when it runs alone).
 */
import { RelayError } from '../core/errors.js';

export interface DiscoveryOptions {
  /** What the connection is for: publish needs an origin, play takes any node. Default play. */
  for?: 'publish' | 'play';
  /** The stream the connection is for, passed along to the endpoint. */
  streamId?: string;
  signal?: AbortSignal;
  /** The fetch to use; the page's by default. */
  fetch?: typeof fetch;
}

export interface DiscoveredServer {
  /** Connect a RelayClient to this. */
  websocketUrl: string;
  httpUrl: string;
  fqdn: string;
}

/** Asks `endpointUrl` for a server; rejects with DISCOVERY_FAILED saying why. */
export async function discoverServer(endpointUrl: string, options: DiscoveryOptions = {}): Promise<DiscoveredServer> {
  const fetchFn = options.fetch ?? globalThis.fetch;
  const failed = (why: string, cause?: unknown) => new RelayError('DISCOVERY_FAILED', `Server discovery at ${endpointUrl} failed: ${why}`, { cause });
  let url: URL;
  try {
    url = new URL(endpointUrl, globalThis.location?.href);
  } catch (cause) {
    throw failed('not a URL', cause);
  }
  url.searchParams.set('source', 'sdk');
  url.searchParams.set('for', options.for ?? 'play');
  if (options.streamId !== undefined) url.searchParams.set('streamId', options.streamId);
  let answer: unknown;
  try {
    const response = await fetchFn(url.href, { signal: options.signal });
    if (!response.ok) throw failed(`HTTP ${response.status}`);
    answer = await response.json();
  } catch (cause) {
    if (cause instanceof RelayError) throw cause;
    throw failed(options.signal?.aborted ? 'aborted' : 'no answer', cause);
  }
  const { websocket_url, http_url, fqdn } = (answer ?? {}) as Record<string, unknown>;
  if (typeof websocket_url !== 'string' || !/^wss?:\/\//i.test(websocket_url)) throw failed('the answer has no ws:// or wss:// websocket_url');
  return { websocketUrl: websocket_url, httpUrl: typeof http_url === 'string' ? http_url : '', fqdn: typeof fqdn === 'string' ? fqdn : '' };
}
