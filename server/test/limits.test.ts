/**
 * Every configurable limit, hit through the real server: each refusal is an
 * `error` with its precise definition, and nothing is created for it.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { ProtocolClient } from './helpers/protocolClient.js';
import { startConfiguredServer, upgradeStatus, type ConfigPatch } from './helpers/ops.js';
import { delay, eventually } from './helpers/testServer.js';

const servers: Array<{ close(): Promise<void> }> = [];
const clients: ProtocolClient[] = [];

async function serverWith(patch: ConfigPatch) {
  const server = await startConfiguredServer(patch);
  servers.push(server);
  return server;
}

async function connect(url: string): Promise<ProtocolClient> {
  const client = await ProtocolClient.connect(url);
  clients.push(client);
  return client;
}

after(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await Promise.all(servers.map((s) => s.close()));
});

const errorOf = (client: ProtocolClient, definition: string) => client.next((m) => m.command === 'error' && m.definition === definition, 3000, definition);

describe('messages per second per socket', () => {
  it('answers each frame beyond the burst with messageRateExceeded instead of handling it, and serves again once the rate allows', async () => {
    const server = await serverWith({ limits: { messagesPerSecond: 5, messageBurst: 5 } });
    const client = await connect(server.url);
    for (let i = 0; i < 20; i++) client.send({ command: 'ping' });
    const refusal = await errorOf(client, 'messageRateExceeded');
    assert.match(String(refusal.information), /5 frames per second/);
    await eventually(() => client.received.length === 20, 'one answer per frame');
    assert.equal(client.received.filter((m) => m.command === 'pong').length, 5);
    assert.equal(client.received.filter((m) => m.definition === 'messageRateExceeded').length, 15);
    await delay(1100);
    client.send({ command: 'ping' });
    await eventually(() => client.received.filter((m) => m.command === 'pong').length === 6, 'the next ping is answered');
  });
});

describe('largest text frame', () => {
  it('answers messageTooLarge beyond the configured size and keeps the socket', async () => {
    const server = await serverWith({ limits: { maxTextFrameBytes: 2048 } });
    const client = await connect(server.url);
    client.send(JSON.stringify({ command: 'ping', padding: 'x'.repeat(3000) }));
    const refusal = await errorOf(client, 'messageTooLarge');
    assert.match(String(refusal.information), /2048-byte limit/);
    client.send({ command: 'ping' });
    await client.next((m) => m.command === 'pong');
  });
});

describe('peer connections per socket', () => {
  it('refuses a publish or play past the limit with peerConnectionLimitReached, creating nothing', async () => {
    const server = await serverWith({ limits: { peerConnectionsPerSocket: 1 } });
    const client = await connect(server.url);
    client.send({ command: 'publish', streamId: 'peers_a' });
    await client.next((m) => m.command === 'start');
    client.send({ command: 'publish', streamId: 'peers_b' });
    const refusal = await errorOf(client, 'peerConnectionLimitReached');
    assert.equal(refusal.streamId, 'peers_b');
    assert.equal(server.context.registry.get('peers_b'), undefined);
  });

  it('bounds peer-to-peer calls per socket the same way', async () => {
    const server = await serverWith({ limits: { peerConnectionsPerSocket: 1 } });
    const client = await connect(server.url);
    client.send({ command: 'join', streamId: 'call_a' });
    await client.notification('joined', 'call_a');
    client.send({ command: 'join', streamId: 'call_b' });
    assert.equal((await errorOf(client, 'peerConnectionLimitReached')).streamId, 'call_b');
    assert.equal(server.context.calls.size, 1);
  });
});

describe('streams per server', () => {
  it('refuses a publish past the limit with streamLimitReached', async () => {
    const server = await serverWith({ limits: { streamsPerServer: 1 } });
    const first = await connect(server.url);
    const second = await connect(server.url);
    first.send({ command: 'publish', streamId: 'streams_a' });
    await first.next((m) => m.command === 'start');
    second.send({ command: 'publish', streamId: 'streams_b' });
    assert.equal((await errorOf(second, 'streamLimitReached')).streamId, 'streams_b');
    assert.equal(server.context.registry.size, 1);
    first.send({ command: 'stop', streamId: 'streams_a' });
    await first.notification('publish_finished', 'streams_a');
    second.send({ command: 'publish', streamId: 'streams_b' });
    await second.next((m) => m.command === 'start');
  });
});

describe('connections per server and origins', () => {
  it('answers upgrades past the connection limit with 503', async () => {
    const server = await serverWith({ limits: { connections: 2 } });
    await connect(server.url);
    await connect(server.url);
    assert.equal(await upgradeStatus(server.url), 503);
  });

  it('answers upgrades from origins outside the allow-list with 403', async () => {
    const server = await serverWith({ security: { allowedOrigins: ['https://app.example'] } });
    assert.equal(await upgradeStatus(server.url, { origin: 'https://evil.example' }), 403);
    assert.equal(await upgradeStatus(server.url, { origin: 'https://app.example' }), 101);
  });
});
