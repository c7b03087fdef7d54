import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isRelayError } from '../core/errors.js';
import { discoverServer } from './discovery.js';

/** A fetch that records the URL asked and answers `status` with `body`. */
function answering(status: number, body: unknown) {
  const asked: string[] = [];
  const fetchFn = (async (url: string) => {
    asked.push(url);
    return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  }) as unknown as typeof fetch;
  return { asked, fetchFn };
}

const ENDPOINT = 'http://127.0.0.1:5080/LiveApp/rest/v2/cluster/node';

describe('discoverServer', () => {
  it('asks the endpoint for a node for this use and stream, and returns where to connect', async () => {
    const { asked, fetchFn } = answering(200, { fqdn: 'edge1', http_url: 'http://edge1:5080', websocket_url: 'ws://edge1:5080/LiveApp/websocket' });
    const server = await discoverServer(ENDPOINT, { for: 'publish', streamId: 'cam1', fetch: fetchFn });
    assert.deepEqual(server, { websocketUrl: 'ws://edge1:5080/LiveApp/websocket', httpUrl: 'http://edge1:5080', fqdn: 'edge1' });
    assert.equal(asked[0], `${ENDPOINT}?source=sdk&for=publish&streamId=cam1`);
  });

  it('asks for play by default', async () => {
    const { asked, fetchFn } = answering(200, { websocket_url: 'wss://a.example/LiveApp/websocket' });
    await discoverServer(ENDPOINT, { fetch: fetchFn });
    assert.equal(new URL(asked[0]!).searchParams.get('for'), 'play');
  });

  for (const [why, status, body, message] of [
    ['an HTTP error', 503, { error: 'no origin is alive' }, /HTTP 503/],
    ['an answer without a WebSocket URL', 200, { fqdn: 'x' }, /no ws:\/\/ or wss:\/\/ websocket_url/],
    ['an answer that is not an object', 200, 'nope', /websocket_url/],
  ] as const) {
    it(`rejects ${why} with DISCOVERY_FAILED`, async () => {
      const { fetchFn } = answering(status, body);
      await assert.rejects(discoverServer(ENDPOINT, { fetch: fetchFn }), (error) => isRelayError(error) && error.code === 'DISCOVERY_FAILED' && message.test(error.message));
    });
  }

  it('rejects a network failure with DISCOVERY_FAILED and the cause', async () => {
    const refused = new TypeError('fetch failed');
    const fetchFn = (async () => {
      throw refused;
    }) as unknown as typeof fetch;
    await assert.rejects(discoverServer(ENDPOINT, { fetch: fetchFn }), (error) => isRelayError(error) && error.code === 'DISCOVERY_FAILED' && error.cause === refused);
  });
});
