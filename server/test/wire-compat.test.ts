/**
 * What the official Ant Media client relies on beyond publish and play
 * (antmedia-protocol.md §4.7): ICE server bootstrap, limits, the access hook,
 * play before publish, stream information and data channels.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { defaultConfig } from '../src/config.js';
import { ProtocolClient } from './helpers/protocolClient.js';
import { delay, eventually, startTestServer } from './helpers/testServer.js';
import { playAndRecord, publishSynthetic, SYNTHETIC_HEIGHT, SYNTHETIC_WIDTH } from './helpers/weriftPeers.js';

type TestServer = Awaited<ReturnType<typeof startTestServer>>;
const servers: TestServer[] = [];
const clients: ProtocolClient[] = [];

async function serverWith(overrides: Parameters<typeof startTestServer>[0] = {}, deps?: Parameters<typeof startTestServer>[1]): Promise<TestServer> {
  const server = await startTestServer(overrides, deps);
  servers.push(server);
  return server;
}

async function clientOf(server: TestServer): Promise<ProtocolClient> {
  const client = await ProtocolClient.connect(server.url);
  clients.push(client);
  return client;
}

after(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await Promise.all(servers.map((s) => s.close()));
});

describe('ICE server bootstrap', () => {
  it('answers getIceServerConfig from configuration', async () => {
    const server = await serverWith({
      ice: { ...defaultConfig.ice, clientStunServerUri: 'turn:turn.example.org:3478', clientTurnUsername: 'u', clientTurnCredential: 'p' },
    });
    const client = await clientOf(server);
    client.send({ command: 'getIceServerConfig' });
    assert.deepEqual(await client.next((m) => m.command === 'iceServerConfig'), {
      command: 'iceServerConfig', stunServerUri: 'turn:turn.example.org:3478', turnServerUsername: 'u', turnServerCredential: 'p',
    });
  });
});

describe('limits and access', () => {
  it('answers publishTimeoutError when no media starts in time, and frees the stream', async () => {
    const server = await serverWith({ limits: { ...defaultConfig.limits, publishTimeoutMs: 300 } });
    const client = await clientOf(server);
    client.send({ command: 'publish', streamId: 'silent' });
    await client.next((m) => m.command === 'start');
    const error = await client.next((m) => m.command === 'error', 2000);
    assert.deepEqual([error.definition, error.streamId], ['publishTimeoutError', 'silent']);
    await client.notification('publish_finished', 'silent');
    assert.equal(server.context.registry.size, 0);
  });

  it('answers viewerLimitReached past the configured number of players', async () => {
    const server = await serverWith({ limits: { ...defaultConfig.limits, viewersPerStream: 1 } });
    const publisher = await publishSynthetic(await clientOf(server), 'limited');
    const firstPlayer = await playAndRecord(await clientOf(server), 'limited');
    const second = await clientOf(server);
    second.send({ command: 'play', streamId: 'limited' });
    assert.equal((await second.next((m) => m.command === 'error')).definition, 'viewerLimitReached');
    assert.equal(server.context.peers.openCount, 2, 'no peer was created for the refused player');
    await firstPlayer.close();
    await publisher.close();
  });

  it('answers unauthorized_access when the access policy refuses, before creating any peer', async () => {
    const server = await serverWith({}, { access: { allows: (request) => request.token === 'good' } });
    const client = await clientOf(server);
    client.send({ command: 'publish', streamId: 'guarded', token: 'forged' });
    client.send({ command: 'play', streamId: 'guarded', token: '' });
    client.send({ command: 'publish', streamId: 'guarded', token: 'good' });
    await client.next((m) => m.command === 'start');
    const errors = client.received.filter((m) => m.command === 'error').map((m) => m.definition);
    assert.deepEqual(errors, ['unauthorized_access', 'unauthorized_access']);
  });
});

describe('play before publish', () => {
  it('sends streaming_started to a socket that was told no_stream_exist, and its retry plays', async () => {
    const server = await serverWith();
    const early = await clientOf(server);
    early.send({ command: 'play', streamId: 'soon' });
    assert.equal((await early.next((m) => m.command === 'error')).definition, 'no_stream_exist');
    const publisher = await publishSynthetic(await clientOf(server), 'soon');
    await early.notification('streaming_started', 'soon');
    const pacer = setInterval(() => publisher.sendVideoPacket(), 10);
    const player = await playAndRecord(early, 'soon');
    await eventually(() => player.video.length > 5, 'the retried play receives media');
    clearInterval(pacer);
    await player.close();
    await publisher.close();
  });
});

describe('stream information', () => {
  it('reports the live layer with the keyframe size, codec and a measured bitrate', async () => {
    const server = await serverWith();
    const client = await clientOf(server);
    const publisher = await publishSynthetic(client, 'info');
    const pacer = setInterval(() => publisher.sendVideoPacket(), 5);
    await delay(2200);
    client.send({ command: 'getStreamInfo', streamId: 'info' });
    const info = await client.next((m) => m.command === 'streamInformation');
    clearInterval(pacer);
    const [layer] = info.streamInfo as Array<Record<string, unknown>>;
    assert.equal(layer?.streamWidth, SYNTHETIC_WIDTH);
    assert.equal(layer?.streamHeight, SYNTHETIC_HEIGHT);
    assert.equal(layer?.videoCodec, 'VP8');
    assert.ok(Number(layer?.videoBitrate) > 300_000, `video bitrate ${String(layer?.videoBitrate)} bps`);
    await publisher.close();
  });
});

describe('data channels', () => {
  it('relays the publisher channel to every player and back, text as text and binary as binary, boundaries kept', async () => {
    const server = await serverWith();
    const publisher = await publishSynthetic(await clientOf(server), 'chat', { dataChannel: true });
    const players = [await playAndRecord(await clientOf(server), 'chat'), await playAndRecord(await clientOf(server), 'chat')];
    const channels = await Promise.all(players.map((p) => p.dataChannel));
    const atPlayers: Array<Array<string | Buffer>> = channels.map((channel) => {
      const got: Array<string | Buffer> = [];
      channel.onMessage.subscribe((m) => got.push(m));
      return got;
    });
    const atPublisher: Array<string | Buffer> = [];
    publisher.dataChannel!.onMessage.subscribe((m) => atPublisher.push(m));

    const binary = [Buffer.alloc(8, 1), Buffer.alloc(16004, 2), Buffer.alloc(3000, 3)];
    publisher.dataChannel!.send('hello players');
    for (const chunk of binary) publisher.dataChannel!.send(chunk);
    channels[0]!.send('hello publisher');

    const fromPublisher = (got: Array<string | Buffer>) => got.filter((m) => m !== 'hello publisher');
    await eventually(() => atPlayers.every((got) => fromPublisher(got).length >= 4) && atPublisher.length >= 1, 'messages arrive');
    for (const got of atPlayers.map(fromPublisher)) {
      assert.equal(got[0], 'hello players');
      assert.deepEqual(got.slice(1).map((m) => (Buffer.isBuffer(m) ? m.length : `text:${m}`)), [8, 16004, 3000]);
      assert.ok(Buffer.isBuffer(got[2]) && got[2].every((b) => b === 2));
    }
    assert.deepEqual(atPublisher, ['hello publisher']);
    await eventually(() => atPlayers[1]!.includes('hello publisher'), "the other player gets a player's message too");
    assert.equal(atPlayers[0]!.includes('hello publisher'), false, 'a player does not get its own message back');
    await Promise.all(players.map((p) => p.close()));
    await publisher.close();
  });
});
