/**
 * What a player is sent, as the official SDK's toggleVideo, toggleAudio,
 * enableTrack, getTracks and updateVideoTrackAssignments ask for it
 * (antmedia-protocol.md §4.2, §4.4.5, §4.4.6), through the real server with
 * werift peers: a plain play (on a viewer worker) and a room play.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { defaultConfig } from '../src/config.js';
import { ProtocolClient, type WireMessage } from './helpers/protocolClient.js';
import { playRoom, publishToRoom, tagOf, type RoomPlayer, type RoomPublisher } from './helpers/roomPeers.js';
import { delay, eventually, startTestServer } from './helpers/testServer.js';
import { playAndRecord, publishSynthetic, type RecordingPlayer, type SyntheticPublisher } from './helpers/weriftPeers.js';

function answerTo(client: ProtocolClient, command: Record<string, unknown>, match: (m: WireMessage) => boolean): Promise<WireMessage> {
  const answer = client.waitFor(match, 5000, JSON.stringify(command));
  client.send(command);
  return answer;
}

const isError = (m: WireMessage): boolean => m.command === 'error';

describe('toggleVideo on a play', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  const clients: ProtocolClient[] = [];
  let publisher: SyntheticPublisher;
  let player: RecordingPlayer;
  let pacer: NodeJS.Timeout | undefined;
  const streamId = 'toggled_1';

  before(async () => {
    server = await startTestServer({ relay: { ...defaultConfig.relay, viewerWorkers: 1 } });
    clients.push(await ProtocolClient.connect(server.url), await ProtocolClient.connect(server.url));
    publisher = await publishSynthetic(clients[0]!, streamId);
    pacer = setInterval(() => publisher.sendVideoPacket(), 10);
    player = await playAndRecord(clients[1]!, streamId);
    await eventually(() => player.video.length > 20, 'the player receives video', 5000);
  });

  after(async () => {
    clearInterval(pacer);
    await player?.close();
    await publisher?.close();
    await Promise.all(clients.map((c) => c.close()));
    await server?.close();
  });

  it('stops the video, then resumes it at a keyframe with no gap in the numbering', async () => {
    clients[1]!.send({ command: 'toggleVideo', streamId, trackId: streamId, enabled: false });
    await delay(300);
    const paused = player.video.length;
    await delay(500);
    assert.equal(player.video.length, paused, 'no video while toggled off');

    clients[1]!.send({ command: 'toggleVideo', streamId, trackId: streamId, enabled: true });
    await eventually(() => player.video.length > paused + 10, 'video again', 5000);
    const [last, resumed] = [player.video[paused - 1]!, player.video[paused]!];
    assert.equal(resumed.keyframe, true, 'resumes on a keyframe');
    assert.equal(resumed.sequenceNumber, (last.sequenceNumber + 1) & 0xffff, 'no gap the player would count as loss');
  });

  it('answers trackList (no subtracks for a plain stream) and refuses what names no play or no track', async () => {
    const list = await answerTo(clients[1]!, { command: 'getTrackList', streamId, token: '' }, (m) => m.command === 'trackList');
    assert.deepEqual(list, { command: 'trackList', streamId, trackList: [] });
    const unknown = await answerTo(clients[1]!, { command: 'getTrackList', streamId: 'nobody_here' }, isError);
    assert.equal(unknown.definition, 'no_stream_exist');
    const notPlayed = await answerTo(clients[0]!, { command: 'toggleAudio', streamId, trackId: streamId, enabled: false }, isError);
    assert.equal(notPlayed.definition, 'no_stream_exist');
    const noTrack = await answerTo(clients[1]!, { command: 'toggleVideo', streamId, trackId: 'other', enabled: false }, isError);
    assert.equal(noTrack.definition, 'invalidParameter');
    const malformed = await answerTo(clients[1]!, { command: 'toggleVideo', streamId, enabled: 'no' }, isError);
    assert.equal(malformed.definition, 'invalidParameter');
  });
});

describe('a room player choosing what it is sent', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  const publishers: RoomPublisher[] = [];
  const clients: ProtocolClient[] = [];
  let everyone: RoomPlayer;
  let oneSlot: RoomPlayer;
  const room = 'room_tc';

  before(async () => {
    server = await startTestServer({ rooms: { ...defaultConfig.rooms, speakerHoldMs: 400, tickMs: 100 } });
    for (const [id, level] of [['ann', 20], ['ben', 30], ['cid', 40]] as const) {
      const client = await ProtocolClient.connect(server.url);
      clients.push(client);
      publishers.push(await publishToRoom(client, room, id, { audioLevel: level }));
    }
    const viewers = [await ProtocolClient.connect(server.url), await ProtocolClient.connect(server.url)];
    clients.push(...viewers);
    everyone = await playRoom(viewers[0]!, room, undefined);
    oneSlot = await playRoom(viewers[1]!, room, undefined, { maxVideoTrackCount: 1 });
    await eventually(() => everyone.tagsSince(Date.now() - 500, 'video').size === 3, 'all three videos arrive', 10_000);
  });

  after(async () => {
    await everyone?.close();
    await oneSlot?.close();
    for (const p of publishers) await p.close();
    await Promise.all(clients.map((c) => c.close()));
    await server?.close();
  });

  const viewerClient = (): ProtocolClient => clients.at(-2)!;

  it('enableTrack stops both media of one participant, and brings them back', async () => {
    viewerClient().send({ command: 'enableTrack', streamId: room, trackId: 'ben', enabled: false });
    await delay(400);
    const since = Date.now();
    await delay(500);
    assert.ok(!everyone.tagsSince(since).has(tagOf('ben')), 'nothing of ben');
    assert.equal(everyone.tagsSince(since, 'video').size, 2, 'ann and cid carry on');

    viewerClient().send({ command: 'enableTrack', streamId: room, trackId: 'ben', enabled: true });
    await eventually(() => everyone.tagsSince(Date.now() - 300, 'video').has(tagOf('ben')), 'ben’s video is back', 5000);
    await eventually(() => everyone.tagsSince(Date.now() - 300, 'audio').has(tagOf('ben')), 'ben’s audio is back', 5000);
  });

  it('toggleAudio stops one participant’s audio only', async () => {
    viewerClient().send({ command: 'toggleAudio', streamId: room, trackId: 'cid', enabled: false });
    await delay(400);
    const since = Date.now();
    await delay(500);
    assert.ok(!everyone.tagsSince(since, 'audio').has(tagOf('cid')), 'no audio of cid');
    assert.ok(everyone.tagsSince(since, 'video').has(tagOf('cid')), 'cid’s video carries on');
    viewerClient().send({ command: 'toggleAudio', streamId: room, trackId: 'cid', enabled: true });
  });

  it('updateVideoTrackAssignmentsCommand moves the video slot to the page asked for', async () => {
    const slotClient = clients.at(-1)!;
    const assignment = (): string[] => {
      const last = oneSlot.dataMessages.filter((d) => d.includes('VIDEO_TRACK_ASSIGNMENT_LIST')).at(-1);
      return last ? (JSON.parse(last) as { payload: Array<{ trackId: string }> }).payload.map((a) => a.trackId) : [];
    };
    await eventually(() => assignment().join() === 'ann', 'the loudest (ann) holds the slot', 5000);
    slotClient.send({ command: 'updateVideoTrackAssignmentsCommand', streamId: room, offset: 2, size: 1 });
    await eventually(() => assignment().join() === 'cid', 'the third participant (page 3 of 1) holds it', 5000);
    await delay(400);
    assert.deepEqual([...oneSlot.tagsSince(Date.now() - 300, 'video')], [tagOf('cid')], 'and its video is what arrives');
  });

  it('sends a player that named participants in its play (trackList) only those', async () => {
    const client = await ProtocolClient.connect(server.url);
    clients.push(client);
    const annOnly = await playRoom(client, room, undefined, { trackList: ['ann'] });
    try {
      assert.deepEqual(Object.values(annOnly.idMapping).sort(), ['ARDAMSaann', 'ARDAMSvann']);
      await eventually(() => annOnly.tagsSince(Date.now() - 300, 'video').has(tagOf('ann')), 'ann’s video arrives', 5000);
      assert.deepEqual([...annOnly.tagsSince(0)], [tagOf('ann')], 'and nobody else’s media');
    } finally {
      await annOnly.close();
    }
  });

  it('sends a player that plays with disableTracksByDefault nothing until it enables a participant', async () => {
    const client = await ProtocolClient.connect(server.url);
    clients.push(client);
    const quiet = await playRoom(client, room, undefined, { disableTracksByDefault: true });
    try {
      await delay(800);
      assert.deepEqual([...quiet.tagsSince(0, 'audio')], [], 'no audio before enableTrack');
      assert.deepEqual([...quiet.tagsSince(0, 'video')], [], 'no video before enableTrack');
      client.send({ command: 'enableTrack', streamId: room, trackId: 'ben', enabled: true });
      await eventually(() => quiet.tagsSince(Date.now() - 300, 'video').has(tagOf('ben')), 'ben’s video arrives', 5000);
      assert.deepEqual([...quiet.tagsSince(0)], [tagOf('ben')], 'only ben');
    } finally {
      await quiet.close();
    }
  });

  it('answers trackList with the participants, and refuses a participant the player is not sent', async () => {
    const list = await answerTo(viewerClient(), { command: 'getTrackList', streamId: room }, (m) => m.command === 'trackList');
    assert.deepEqual([...(list.trackList as string[])].sort(), ['ann', 'ben', 'cid']);
    const unknown = await answerTo(viewerClient(), { command: 'enableTrack', streamId: room, trackId: 'zed', enabled: false }, isError);
    assert.equal(unknown.definition, 'invalidParameter');
    const notPlayed = await answerTo(viewerClient(), { command: 'updateVideoTrackAssignmentsCommand', streamId: 'room_none', offset: 0, size: 1 }, isError);
    assert.equal(notPlayed.definition, 'invalidParameter');
  });
});
