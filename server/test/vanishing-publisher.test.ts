/**
 * A publisher that vanishes: its socket dies without a close handshake, or
 * its media stops while the socket stays (a network cut on the media path).
 * Its players get `play_finished` within 5 s, and no peer connection, UDP
 * socket or stream is left behind.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type WebSocket from 'ws';
import { ProtocolClient } from './helpers/protocolClient.js';
import { startConfiguredServer } from './helpers/ops.js';
import { delay, eventually, startTestServer } from './helpers/testServer.js';
import { defaultConfig } from '../src/config.js';
import { openUdpSocketCount } from './helpers/udpSockets.js';
import { playAndRecord, publishSynthetic, type RecordingPlayer, type SyntheticPublisher } from './helpers/weriftPeers.js';

const FIVE_SECONDS = 5000;
let server: Awaited<ReturnType<typeof startConfiguredServer>>;
let udpBaseline: number;

before(async () => {
  server = await startConfiguredServer({});
  udpBaseline = openUdpSocketCount();
});

after(async () => {
  await server.close();
});

interface LiveScene {
  publisherClient: ProtocolClient;
  publisher: SyntheticPublisher;
  playerClients: ProtocolClient[];
  players: RecordingPlayer[];
  pacer: NodeJS.Timeout;
}

async function liveStream(streamId: string, viewers: number): Promise<LiveScene> {
  const publisherClient = await ProtocolClient.connect(server.url);
  const publisher = await publishSynthetic(publisherClient, streamId);
  const pacer = setInterval(() => publisher.sendVideoPacket(), 20);
  const playerClients: ProtocolClient[] = [];
  const players: RecordingPlayer[] = [];
  for (let i = 0; i < viewers; i++) {
    const client = await ProtocolClient.connect(server.url);
    playerClients.push(client);
    players.push(await playAndRecord(client, streamId));
  }
  return { publisherClient, publisher, playerClients, players, pacer };
}

async function assertNothingLeft(scene: LiveScene): Promise<void> {
  await Promise.all(scene.players.map((p) => p.close()));
  await scene.publisher.close();
  await Promise.all([...scene.playerClients, scene.publisherClient].map((c) => c.close()));
  await eventually(() => server.context.peers.openCount === 0, 'every server peer is closed');
  assert.equal(server.context.registry.size, 0);
  await eventually(() => openUdpSocketCount() <= udpBaseline, `UDP sockets back to ${udpBaseline} (now ${openUdpSocketCount()})`, 5000);
}

describe('a publisher that vanishes', () => {
  it('socket dropped without a close handshake: players get play_finished within 5 s', async () => {
    const scene = await liveStream('vanish_socket', 2);
    const started = Date.now();
    clearInterval(scene.pacer);
    (scene.publisherClient as unknown as { ws: WebSocket }).ws.terminate();
    await Promise.all(scene.playerClients.map((c) => c.notification('play_finished', 'vanish_socket', FIVE_SECONDS)));
    assert.ok(Date.now() - started < FIVE_SECONDS);
    await assertNothingLeft(scene);
  });

  it('media cut while the socket stays: the server ends the publish and players get play_finished within 5 s', async () => {
    const scene = await liveStream('vanish_media', 2);
    const started = Date.now();
    clearInterval(scene.pacer);
    await Promise.all(scene.playerClients.map((c) => c.notification('play_finished', 'vanish_media', FIVE_SECONDS)));
    assert.ok(Date.now() - started < FIVE_SECONDS);
    const told = await scene.publisherClient.next((m) => m.command === 'error', 1000);
    assert.equal(told.definition, 'noPacketReceivedForTimeoutDuration');
    await scene.publisherClient.notification('publish_finished', 'vanish_media');
    await assertNothingLeft(scene);
  });

  it("publisher's peer connection gone (transport closed): players get play_finished within 5 s", async () => {
    const scene = await liveStream('vanish_peer', 1);
    const started = Date.now();
    clearInterval(scene.pacer);
    await scene.publisher.close();
    await scene.playerClients[0]!.notification('play_finished', 'vanish_peer', FIVE_SECONDS);
    assert.ok(Date.now() - started < FIVE_SECONDS);
    await assertNothingLeft(scene);
  });
});

describe('a client whose network died without closing its socket', () => {
  it('is cut after a heartbeat period without an answer, which frees the stream id it held; a client that answers stays', async () => {
    const heartbeat = await startTestServer({ limits: { ...defaultConfig.limits, heartbeatMs: 300 } });
    const answering = await ProtocolClient.connect(heartbeat.url);
    const silent = await ProtocolClient.connect(heartbeat.url, { autoPong: false });
    try {
      silent.send({ command: 'publish', streamId: 'held', video: false, audio: false });
      await silent.next((m) => m.command === 'start', 5000, 'start');
      const cutAt = Date.now();
      await Promise.race([silent.whenClosed(), delay(3000).then(() => assert.fail('the silent socket was not cut within 3 s'))]);
      assert.ok(Date.now() - cutAt < 1500, `cut after ${Date.now() - cutAt} ms (two periods: 600 ms)`);
      answering.send({ command: 'publish', streamId: 'held', video: false, audio: false });
      const answer = await answering.next((m) => m.streamId === 'held', 5000, 'an answer to publish');
      assert.equal(answer.command, 'start', `the id was freed: ${JSON.stringify(answer)}`);
      await delay(1000);
      answering.send({ command: 'ping' });
      await answering.next((m) => m.command === 'pong', 2000, 'pong: the answering client is still connected');
    } finally {
      await answering.close();
      await silent.close();
      await heartbeat.close();
    }
  });
});
