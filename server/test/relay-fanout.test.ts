/**
 * One werift publisher sends synthetic VP8 RTP through the real server to
 * three werift players, all over loopback WebRTC: with the players' peers on
 * two viewer worker threads, and on the main thread (--viewer-workers 0).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ProtocolClient } from './helpers/protocolClient.js';
import type { PlaySession } from '../src/signaling/playSession.js';
import { defaultConfig } from '../src/config.js';
import { delay, eventually, startTestServer } from './helpers/testServer.js';
import { playAndRecord, publishSynthetic, type ReceivedPacket, type RecordingPlayer, type SyntheticPublisher } from './helpers/weriftPeers.js';

const PACKETS_PER_SECOND = 200;
const SEND_DURATION_MS = 3000;

function ssrcsInSdp(sdp: string): Set<number> {
  return new Set([...sdp.matchAll(/a=ssrc:(\d+) /g)].map((m) => Number(m[1])));
}

/** Packets the player missed among those sent after its first one, as a fraction. */
function deliveredFraction(received: ReceivedPacket[], lastSentIndex: number): number {
  const indexes = new Set(received.map((p) => p.index));
  const first = Math.min(...indexes);
  return indexes.size / (lastSentIndex - first + 1);
}

for (const viewerWorkers of [2, 0]) describe(`relay fan-out: one publisher, three players (${viewerWorkers === 0 ? 'on the main thread' : `${viewerWorkers} viewer workers`})`, () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  const clients: ProtocolClient[] = [];
  let publisher: SyntheticPublisher;
  const players: RecordingPlayer[] = [];
  const streamId = 'fanout_1';

  before(async () => {
    server = await startTestServer({ relay: { ...defaultConfig.relay, viewerWorkers } });
    const publishClient = await ProtocolClient.connect(server.url);
    clients.push(publishClient);
    publisher = await publishSynthetic(publishClient, streamId);
    const pacer = setInterval(() => publisher.sendVideoPacket(), 1000 / PACKETS_PER_SECOND);
    for (let i = 0; i < 3; i++) {
      const client = await ProtocolClient.connect(server.url);
      clients.push(client);
      players.push(await playAndRecord(client, streamId));
    }
    await delay(SEND_DURATION_MS);
    clearInterval(pacer);
    await delay(300); // let the last packets land
  });

  after(async () => {
    await Promise.all(players.map((p) => p.close()));
    await publisher?.close();
    await Promise.all(clients.map((c) => c.close()));
    await server?.close();
  });

  it('sends every player an offer with idMapping and Ant Media track ids in a=msid', () => {
    for (const player of players) {
      const idMapping = player.offer.idMapping as Record<string, string>;
      assert.deepEqual(Object.values(idMapping).sort(), [`ARDAMSa${streamId}`, `ARDAMSv${streamId}`]);
      assert.match(String(player.offer.sdp), new RegExp(`a=msid:${streamId} ARDAMSv${streamId}`));
    }
  });

  it('delivers at least 95% of the video packets sent after each player started', () => {
    for (const [i, player] of players.entries()) {
      assert.ok(player.video.length > 100, `player ${i} received only ${player.video.length} packets`);
      const fraction = deliveredFraction(player.video, publisher.sent - 1);
      assert.ok(fraction >= 0.95, `player ${i} received ${(fraction * 100).toFixed(1)}%`);
    }
  });

  it('starts each player on a keyframe', () => {
    assert.ok(publisher.keyframeRequests >= 1, 'the server asked the publisher for a keyframe');
    for (const [i, player] of players.entries()) {
      assert.equal(player.video[0]!.keyframe, true, `player ${i}'s first packet is a keyframe`);
    }
  });

  it('rewrites SSRC and payload type to what each player negotiated', () => {
    const ssrcsSeen = new Set<number>();
    for (const player of players) {
      const offered = ssrcsInSdp(String(player.offer.sdp));
      for (const packet of player.video) {
        assert.ok(offered.has(packet.ssrc), `ssrc ${packet.ssrc} is one the offer announced`);
        assert.equal(packet.payloadType, 96);
      }
      ssrcsSeen.add(player.video[0]!.ssrc);
    }
    assert.equal(ssrcsSeen.size, 3, 'each player has its own SSRC');
  });

  it("forwards the publisher's sender reports on each player's own timeline (lip sync)", () => {
    for (const [i, player] of players.entries()) {
      const videoSsrc = player.video[0]!.ssrc;
      const reports = player.senderReports.filter((r) => r.ssrc === videoSsrc);
      assert.ok(reports.length >= 1, `player ${i} got a sender report for its video`);
      const timestamps = player.video.map((p) => p.timestamp);
      const [lowest, highest] = [Math.min(...timestamps), Math.max(...timestamps)];
      for (const report of reports) {
        // Rewritten onto the player's timeline: within the span of what it received (±1 s of 90 kHz ticks).
        assert.ok(report.rtpTimestamp >= lowest - 90_000 && report.rtpTimestamp <= highest + 90_000, `player ${i}: SR at ${report.rtpTimestamp} outside ${lowest}..${highest}`);
      }
    }
  });

  it("measures each player's round-trip time from its receiver reports on our sender reports", async () => {
    // Each play's figures, from the viewer worker holding it (sent every second) or its own leg.
    const plays = [...server.context.registry.get(streamId)!.players] as PlaySession[];
    assert.equal(plays.length, 3);
    await eventually(() => plays.every((play) => (play.report()?.statistics.rttMs ?? 0) > 0), 'every player has a measured RTT', 5000);
    for (const play of plays) {
      const rttMs = play.report()?.statistics.rttMs;
      // Loopback answers in well under a millisecond; the bound catches a wrong unit
      // (seconds, 1/65536 s) while allowing a loaded machine's event-loop delays.
      assert.ok(rttMs !== undefined && rttMs >= 0 && rttMs < 1000, `loopback RTT ${String(rttMs)} ms`);
    }
  });

  it('gives each player continuous rewritten sequence numbers that track the publisher one for one', () => {
    for (const [i, player] of players.entries()) {
      const first = player.video[0]!;
      for (const packet of player.video) {
        const seqStep = (packet.sequenceNumber - first.sequenceNumber) & 0xffff;
        assert.equal(seqStep, packet.index - first.index, `player ${i}: sequence gap or jump at index ${packet.index}`);
      }
      const steps = player.video.slice(1).map((p, k) => (p.sequenceNumber - player.video[k]!.sequenceNumber) & 0xffff);
      const nonUnit = steps.filter((s) => s !== 1).length;
      assert.ok(nonUnit <= player.video.length * 0.01, `player ${i}: ${nonUnit} non-consecutive steps`);
    }
  });
});
