/**
 * Publish and play tokens through the real server: with tokens required for
 * an app, a missing, malformed, forged, expired or mismatched token gets
 * `unauthorized_access` and no peer connection; valid HS256 and RS256 JWTs
 * and one-time tokens from the REST API are accepted.
 */
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { signJwt } from '../src/auth/jwt.js';
import { ProtocolClient } from './helpers/protocolClient.js';
import { call, httpBase, startConfiguredServer } from './helpers/ops.js';
import { playAndRecord, publishSynthetic } from './helpers/weriftPeers.js';

const SECRET = 'integration-secret-of-32-characters!';
const API_KEY = 'access-test-key';
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
let server: Awaited<ReturnType<typeof startConfiguredServer>>;
const clients: ProtocolClient[] = [];
const inOneMinute = () => Math.floor(Date.now() / 1000) + 60;

before(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'relayrtc-jwt-'));
  const publicKeyFile = join(dir, 'public.pem');
  writeFileSync(publicKeyFile, rsa.publicKey.export({ type: 'spki', format: 'pem' }));
  server = await startConfiguredServer({
    security: { publishTokenApps: ['LiveApp'], playTokenApps: ['LiveApp'], jwt: { secret: SECRET, publicKeyFile, leewaySeconds: 0 } },
    rest: { apiKeys: [API_KEY] },
  });
});

after(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await server.close();
});

async function connect(app = 'LiveApp'): Promise<ProtocolClient> {
  const client = await ProtocolClient.connect(server.url.replace('/LiveApp/', `/${app}/`));
  clients.push(client);
  return client;
}

async function refused(command: 'publish' | 'play', streamId: string, token?: string): Promise<void> {
  const client = await connect();
  const peersBefore = server.context.peers.openCount;
  const streamBefore = server.context.registry.get(streamId);
  client.send({ command, streamId, ...(token === undefined ? {} : { token }) });
  const answer = await client.next((m) => m.command === 'error' || m.command === 'start' || m.command === 'takeConfiguration');
  assert.deepEqual(answer, { command: 'error', definition: 'unauthorized_access', streamId }, `token ${token}`);
  assert.equal(server.context.peers.openCount, peersBefore, 'no peer connection for a refused request');
  assert.equal(server.context.registry.get(streamId), streamBefore);
}

describe('publish tokens', () => {
  it('refuses a publish without a token, or with a malformed, forged, expired or mismatched one', async () => {
    const hs = (claims: Record<string, unknown>, secret = SECRET) => signJwt(claims, { alg: 'HS256', secret });
    const good = { streamId: 'tok_pub', type: 'publish', exp: inOneMinute() };
    await refused('publish', 'tok_pub');
    await refused('publish', 'tok_pub', '');
    await refused('publish', 'tok_pub', 'not-a-token');
    await refused('publish', 'tok_pub', 'a.b.c');
    await refused('publish', 'tok_pub', hs(good, 'another-secret-of-32-characters-long!'));
    await refused('publish', 'tok_pub', signJwt(good, { alg: 'RS256', privateKey: other.privateKey }));
    await refused('publish', 'tok_pub', hs({ ...good, exp: Math.floor(Date.now() / 1000) - 1 }));
    await refused('publish', 'tok_pub', hs({ ...good, streamId: 'someone_else' }));
    await refused('publish', 'tok_pub', hs({ ...good, type: 'play' }));
    await refused('publish', 'tok_pub', hs({ streamId: 'tok_pub', type: 'publish' }));
    const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify(good)).toString('base64url')}.`;
    await refused('publish', 'tok_pub', none);
  });

  it('accepts HS256 and RS256 JWTs for the stream', async () => {
    for (const [streamId, token] of [
      ['tok_hs', signJwt({ streamId: 'tok_hs', type: 'publish', exp: inOneMinute() }, { alg: 'HS256', secret: SECRET })],
      ['tok_rs', signJwt({ streamId: 'tok_rs', type: 'publish', exp: inOneMinute() }, { alg: 'RS256', privateKey: rsa.privateKey })],
    ] as const) {
      const client = await connect();
      client.send({ command: 'publish', streamId, token });
      await client.next((m) => m.command === 'start' && m.streamId === streamId);
      client.send({ command: 'stop', streamId });
      await client.notification('publish_finished', streamId);
    }
  });

  it('leaves apps that are not configured for tokens open', async () => {
    const client = await connect('OpenApp');
    client.send({ command: 'publish', streamId: 'tok_open' });
    await client.next((m) => m.command === 'start');
    client.send({ command: 'stop', streamId: 'tok_open' });
    await client.notification('publish_finished', 'tok_open');
  });
});

describe('play tokens', () => {
  it('refuses a play without a valid token before looking for the stream, and plays with a one-time token from REST once', async () => {
    const publisherClient = await connect('OpenApp');
    const publisher = await publishSynthetic(publisherClient, 'tok_live');
    try {
      await refused('play', 'tok_live');
      await refused('play', 'tok_live', signJwt({ streamId: 'tok_live', type: 'play', exp: inOneMinute() }, { alg: 'HS256', secret: `${SECRET}x` }));
      const answer = await call(`${httpBase(server)}/LiveApp/rest/v2/broadcasts/tok_live/token?expireDate=${inOneMinute()}&type=play`, { headers: { authorization: `Bearer ${API_KEY}` } });
      assert.equal(answer.status, 200);
      const { tokenId } = answer.body as { tokenId: string };
      const client = await connect();
      const pc = await playAndRecordWithToken(client, tokenId);
      await pc.close();
      await refused('play', 'tok_live', tokenId);
    } finally {
      await publisher.close();
    }
  });
});

/** playAndRecord sends a bare play: ask with the token first, then let it negotiate. */
async function playAndRecordWithToken(client: ProtocolClient, token: string) {
  const original = client.send.bind(client);
  client.send = (message) => original(typeof message === 'object' && message.command === 'play' ? { ...message, token } : message);
  return playAndRecord(client, 'tok_live');
}
