/**
 * Viewer worker threads (issue 6): plays spread over the workers, each
 * worker's viewers get the stream from the first packet after their join
 * and start on a keyframe, and every peer is freed when they leave.
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

  it("reports each viewer's figures to the main thread (REST statistics, bitrateMeasurement)", async () => {
    const plays = [...server.context.registry.get(streamId)!.players] as Array<{ report(): { sent: { video: { packetsSent: number } } } | undefined }>;
    await eventually(() => plays.every((play) => (play.report()?.sent.video.packetsSent ?? 0) > 50), 'every play reports the video it was sent', 3000);
  });

  it('frees every viewer peer, in the workers too, when the viewers stop', async () => {
    for (const client of clients.slice(1)) client.send({ command: 'stop', streamId });
    await eventually(() => server.context.peers.openCount === 1, 'only the publisher peer is left', 5000);
    assert.deepEqual(server.context.viewerWorkers?.viewerCounts, [0, 0]);
  });
});
