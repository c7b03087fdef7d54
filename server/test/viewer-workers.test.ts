/**
 * Viewer worker threads (issue 6): plays spread over the workers, each
 * worker's viewers get the stream from the first packet after their join
 * and start on a keyframe, a worker is fed only the streams its viewers
 * play, and every peer is freed when they leave.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { defaultConfig } from '../src/config.js';
import { ProtocolClient } from './helpers/protocolClient.js';
import { delay, eventually, startTestServer } from './helpers/testServer.js';
import { playAndRecord, publishSynthetic, type RecordingPlayer, type SyntheticPublisher } from './helpers/weriftPeers.js';

const PLAYERS = 4;

describe('viewer workers', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  const clients: ProtocolClient[] = [];
  let publisher: SyntheticPublisher;
  let pacer: NodeJS.Timeout | undefined;
  const players: RecordingPlayer[] = [];
  const streamId = 'workers_1';

  before(async () => {
    server = await startTestServer({ relay: { ...defaultConfig.relay, viewerWorkers: 2 } });
    const publishClient = await ProtocolClient.connect(server.url);
    clients.push(publishClient);
    publisher = await publishSynthetic(publishClient, streamId);
    pacer = setInterval(() => publisher.sendVideoPacket(), 10);
    for (let i = 0; i < PLAYERS; i++) {
      const client = await ProtocolClient.connect(server.url);
      clients.push(client);
      players.push(await playAndRecord(client, streamId));
    }
    await delay(1500);
  });

  after(async () => {
    clearInterval(pacer);
    await Promise.all(players.map((p) => p.close()));
    await publisher?.close();
    await Promise.all(clients.map((c) => c.close()));
    await server?.close();
  });

  it('puts each new viewer on the worker holding the fewest', () => {
    assert.deepEqual(server.context.viewerWorkers?.viewerCounts, [PLAYERS / 2, PLAYERS / 2]);
  });

  it('delivers the stream to every viewer, each starting on a keyframe', () => {
    for (const [i, player] of players.entries()) {
      assert.ok(player.video.length > 50, `player ${i} received ${player.video.length} video packets`);
      assert.equal(player.video[0]!.keyframe, true, `player ${i} starts on a keyframe`);
    }
  });

  it('feeds each worker only the streams its viewers play', async () => {
    assert.deepEqual(server.context.viewerWorkers?.streamCounts, [1, 1]);
    const idleClient = await ProtocolClient.connect(server.url);
    clients.push(idleClient);
    const idle = await publishSynthetic(idleClient, 'workers_idle');
    try {
      idle.sendVideoPacket();
      await delay(200);
      assert.deepEqual(server.context.viewerWorkers?.streamCounts, [1, 1], 'a stream nobody plays crosses to no worker');
    } finally {
      await idle.close();
    }
  });

  it("reports each viewer's figures to the main thread (REST statistics, bitrateMeasurement)", async () => {
    const plays = [...server.context.registry.get(streamId)!.players] as Array<{ report(): { sent: { video: { packetsSent: number } } } | undefined }>;
    await eventually(() => plays.every((play) => (play.report()?.sent.video.packetsSent ?? 0) > 50), 'every play reports the video it was sent', 3000);
  });

  it('frees every viewer peer, in the workers too, when the viewers stop', async () => {
    for (const client of clients.slice(1)) client.send({ command: 'stop', streamId });
    await eventually(() => server.context.peers.openCount === 1, 'only the publisher peer is left', 5000);
    assert.deepEqual(server.context.viewerWorkers?.viewerCounts, [0, 0]);
    assert.deepEqual(server.context.viewerWorkers?.streamCounts, [0, 0], 'nor is the stream fed to them any more');
  });
});

describe('a viewer worker that dies', () => {
  it("ends its viewers' plays, frees their peers, and a replacement takes the next plays", async () => {
    const server = await startTestServer({ relay: { ...defaultConfig.relay, viewerWorkers: 2 } });
    const publishClient = await ProtocolClient.connect(server.url);
    const publisher = await publishSynthetic(publishClient, 'dying_1');
    const pacer = setInterval(() => publisher.sendVideoPacket(), 10);
    const playClients = [await ProtocolClient.connect(server.url), await ProtocolClient.connect(server.url)];
    const players = [await playAndRecord(playClients[0]!, 'dying_1'), await playAndRecord(playClients[1]!, 'dying_1')];
    try {
      // Fault injection: stop worker 0's thread as a crash would (its viewer is the first player).
      const links = (server.context.viewerWorkers as unknown as { links: Array<{ close(): Promise<void> }> }).links;
      await links[0]!.close();

      await playClients[0]!.notification('play_finished', 'dying_1');
      await eventually(() => server.context.peers.openCount === 2, 'the dead worker’s viewer peer is freed', 5000);
      const survivorBefore = players[1]!.video.length;
      await delay(500);
      assert.ok(players[1]!.video.length > survivorBefore + 10, 'the other worker’s viewer keeps receiving');

      const lateClient = await ProtocolClient.connect(server.url);
      playClients.push(lateClient);
      const late = await playAndRecord(lateClient, 'dying_1');
      players.push(late);
      await eventually(() => late.video.length > 10, 'a new play is served', 5000);
      assert.deepEqual(server.context.viewerWorkers?.viewerCounts, [1, 1], 'the replacement worker took the new viewer');
    } finally {
      clearInterval(pacer);
      await Promise.all(players.map((p) => p.close()));
      await publisher.close();
      await Promise.all([publishClient, ...playClients].map((c) => c.close()));
      await server.close();
    }
  });
});
