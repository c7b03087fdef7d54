/**
 * HTTPS and WSS with a certificate from scripts/generate-cert.sh: the probes,
 * the REST API and signaling all work over TLS, verified against that
 * certificate.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { get } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import WebSocket from 'ws';
import { startConfiguredServer } from './helpers/ops.js';

let server: Awaited<ReturnType<typeof startConfiguredServer>>;
let ca: Buffer;

before(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'relayrtc-tls-'));
  execFileSync('bash', [new URL('../../scripts/generate-cert.sh', import.meta.url).pathname, dir]);
  ca = readFileSync(join(dir, 'relayrtc.crt'));
  server = await startConfiguredServer({ tls: { certFile: join(dir, 'relayrtc.crt'), keyFile: join(dir, 'relayrtc.key') } });
});

after(async () => {
  await server.close();
});

function httpsJson(path: string): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    get({ host: '127.0.0.1', port: server.port, path, ca }, (response) => {
      let text = '';
      response.on('data', (chunk) => (text += String(chunk)));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: JSON.parse(text) }));
    }).on('error', reject);
  });
}

describe('TLS', () => {
  it('serves HTTPS', async () => {
    assert.equal(server.secure, true);
    assert.deepEqual(await httpsJson('/health'), { status: 200, body: { status: 'ok' } });
    assert.equal((await httpsJson('/LiveApp/rest/v2/broadcasts/list/0/10')).status, 200);
  });

  it('serves signaling over WSS', async () => {
    const ws = new WebSocket(`wss://127.0.0.1:${server.port}/LiveApp/websocket`, { ca });
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    ws.send(JSON.stringify({ command: 'ping' }));
    const data = await new Promise<string>((resolve) => ws.once('message', (message) => resolve(String(message))));
    assert.deepEqual(JSON.parse(data), { command: 'pong' });
    ws.close();
  });

  it('refuses plain HTTP on the TLS port', async () => {
    await assert.rejects(fetch(`http://127.0.0.1:${server.port}/health`));
  });
});
