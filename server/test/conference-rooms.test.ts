/**
 * Conference rooms (antmedia-protocol.md §4.4.5) through the real server with
 * real werift peers: participants publish with mainTrack = the room and play
 * the room once; the server offers every other participant on one
 * connection and renegotiates it as they leave, come back and arrive late.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { defaultConfig } from '../src/config.js';
import { ProtocolClient, type WireMessage } from './helpers/protocolClient.js';
import { playRoom, publishToRoom, tagOf, type RoomPlayer, type RoomPublisher } from './helpers/roomPeers.js';
import { delay, eventually, startTestServer } from './helpers/testServer.js';

const ROOM = 'room_1';

interface Participant {
  id: string;
  client: ProtocolClient;
  publisher: RoomPublisher;
  player: RoomPlayer;
}

async function join(url: string, id: string, room = ROOM): Promise<Participant> {
  const client = await ProtocolClient.connect(url);
  const publisher = await publishToRoom(client, room, id, { metaData: JSON.stringify({ isMicMuted: false }) });
  const player = await playRoom(client, room, id);
  return { id, client, publisher, player };
}

async function leave(p: Participant): Promise<void> {
  p.client.send({ command: 'stop', streamId: p.id });
  p.client.send({ command: 'stop', streamId: ROOM });
  await p.publisher.close();
  await p.player.close();
  await p.client.close();
}

function sorted(ids: Iterable<string>): string[] {
  return [...ids].sort();
}

function mappedParticipants(offer: WireMessage, prefix: 'ARDAMSa' | 'ARDAMSv'): string[] {
  return sorted(Object.values(offer.idMapping as Record<string, string>).filter((t) => t.startsWith(prefix)).map((t) => t.slice(prefix.length)));
}

function answerTo(client: ProtocolClient, command: Record<string, unknown>, match: (m: WireMessage) => boolean): Promise<WireMessage> {
  const answer = client.waitFor(match, 5000, JSON.stringify(command));
  client.send(command);
  return answer;
}

describe('conference room: three participants, leave, rejoin, late joiner', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  const people = new Map<string, Participant>();
  const extra: ProtocolClient[] = [];

  let early: ProtocolClient;

  before(async () => {
    server = await startTestServer();
    early = await ProtocolClient.connect(server.url);
    extra.push(early);
    early.send({ command: 'play', streamId: ROOM, room: ROOM });
    await early.next((m) => m.definition === 'no_stream_exist', 5000, 'no_stream_exist for the empty room');
    for (const id of ['alice', 'bob', 'carol']) people.set(id, await join(server.url, id));
  });

  it('tells a socket that asked to play the room before anyone was in it when it becomes playable', async () => {
    await early.notification('streaming_started', ROOM);
  });

  after(async () => {
    for (const p of people.values()) await leave(p).catch(() => undefined);
    await Promise.all(extra.map((c) => c.close()));
    await server?.close();
  });

  it("each participant receives the other two's audio and video on the tracks idMapping names", async () => {
    await eventually(
      () => [...people.values()].every((p) => sorted(p.player.participantsSeen('video')).join() === sorted([...people.keys()].filter((id) => id !== p.id)).join()),
      'every participant gets both others’ video',
      10_000,
    );
    await eventually(
      () => [...people.values()].every((p) => p.player.participantsSeen('audio').size === 2),
      'every participant gets both others’ audio',
      5000,
    );
    for (const p of people.values()) {
      const others = sorted([...people.keys()].filter((id) => id !== p.id));
      assert.deepEqual(sorted(p.player.participantsSeen('audio')), others, `${p.id}'s audio`);
      assert.deepEqual(mappedParticipants(p.player.offers.at(-1)!, 'ARDAMSv'), others, `${p.id}'s idMapping`);
      assert.ok(!p.player.tagsSince(0).has(tagOf(p.id)), `${p.id} is not sent its own media`);
      assert.match(String(p.player.offers.at(-1)!.sdp), new RegExp(`a=msid:${others[0]} ARDAMSv${others[0]}`));
    }
    // The first participant played an empty room, then got one renegotiation per arrival.
    const alice = people.get('alice')!;
    assert.deepEqual(mappedParticipants(alice.player.offers[0]!, 'ARDAMSv'), []);
    assert.ok(alice.client.received.some((m) => m.definition === 'subtrackAdded' && m.trackId === 'carol' && m.streamId === ROOM));
  });

  it('answers getRoomInfo, joinRoom, getSubtracks, getSubtracksCount, getSubscriberCount and getBroadcastObject', async () => {
    const client = await ProtocolClient.connect(server.url);
    extra.push(client);
    const info = await answerTo(client, { command: 'getRoomInfo', room: ROOM, streamId: 'alice' }, (m) => m.command === 'roomInformation');
    assert.deepEqual([info.room, info.ATTR_ROOM_NAME, sorted(info.streams as string[])], [ROOM, ROOM, ['bob', 'carol']]);
    assert.deepEqual((info.streamList as Array<Record<string, unknown>>).find((s) => s.streamId === 'bob'), { streamId: 'bob', streamName: 'name-bob', metaData: '{"isMicMuted":false}' });
    const joined = await answerTo(client, { command: 'joinRoom', room: ROOM, mainTrack: ROOM, mode: 'multitrack' }, (m) => m.definition === 'joinedTheRoom');
    assert.match(String(joined.streamId), /^[A-Za-z0-9]{16}$/);
    assert.deepEqual([sorted(joined.streams as string[]), joined.ATTR_ROOM_NAME, joined.maxTrackCount], [['alice', 'bob', 'carol'], ROOM, -1]);
    const page = await answerTo(client, { command: 'getSubtracks', streamId: ROOM, role: '', offset: 1, size: 5 }, (m) => m.definition === 'subtrackList');
    const subtracks = (page.subtrackList as string[]).map((s) => JSON.parse(s) as Record<string, unknown>);
    assert.equal(subtracks.length, 2);
    assert.ok(subtracks.every((b) => b.mainTrackStreamId === ROOM && b.status === 'broadcasting'));
    const count = await answerTo(client, { command: 'getSubtracksCount', streamId: ROOM, role: '', status: 'broadcasting' }, (m) => m.definition === 'subtrackCount');
    assert.equal(count.count, 3);
    const subscribers = await answerTo(client, { command: 'getSubscriberCount', streamId: ROOM }, (m) => m.definition === 'subscriberCount');
    assert.equal(subscribers.count, 3);
    const room = await answerTo(client, { command: 'getBroadcastObject', streamId: ROOM }, (m) => m.definition === 'broadcastObject');
    assert.deepEqual(sorted((JSON.parse(String(room.broadcast)) as { subTrackStreamIds: string[] }).subTrackStreamIds), ['alice', 'bob', 'carol']);
    const left = await answerTo(client, { command: 'leaveFromRoom', room: ROOM, streamId: String(joined.streamId) }, (m) => m.definition === 'leavedFromRoom');
    assert.equal(left.ATTR_ROOM_NAME, ROOM);
  });

  it('ends a participant’s publish and room play on a leaveFromRoom that names only the room (2.5 clients)', async () => {
    const client = await ProtocolClient.connect(server.url);
    extra.push(client);
    const publisher = await publishToRoom(client, ROOM, 'eve');
    const seenByAlice = people.get('alice')!.client.waitFor((m) => m.definition === 'subtrackRemoved' && m.trackId === 'eve', 5000, 'eve removed');
    const left = await answerTo(client, { command: 'leaveFromRoom', room: ROOM }, (m) => m.definition === 'leavedFromRoom');
    assert.equal(left.room, ROOM);
    await client.notification('publish_finished', 'eve');
    await seenByAlice;
    await publisher.close();
  });

  it('puts a participant that joined with joinRoom and publishes without mainTrack in the room (the legacy flow, §4.4.4)', async () => {
    const client = await ProtocolClient.connect(server.url);
    extra.push(client);
    await answerTo(client, { command: 'joinRoom', room: ROOM, streamId: 'dave' }, (m) => m.definition === 'joinedTheRoom');
    const seenByAlice = people.get('alice')!.client.waitFor((m) => m.definition === 'subtrackAdded' && m.trackId === 'dave', 5000, 'dave added');
    const publisher = await publishToRoom(client, ROOM, 'dave', { legacy: true });
    await seenByAlice;
    const info = await answerTo(people.get('bob')!.client, { command: 'getRoomInfo', room: ROOM, streamId: 'bob' }, (m) => m.command === 'roomInformation');
    assert.deepEqual(sorted(info.streams as string[]), ['alice', 'carol', 'dave']);
    await answerTo(client, { command: 'leaveFromRoom', room: ROOM, streamId: 'dave' }, (m) => m.definition === 'leavedFromRoom');
    await client.notification('publish_finished', 'dave');
    await publisher.close();
  });

  it('shares metadata: updateStreamMetaData reaches the other participants as broadcastObject', async () => {
    const bob = people.get('bob')!;
    const seenByAlice = people.get('alice')!.client.waitFor((m) => m.definition === 'broadcastObject' && m.streamId === 'bob', 5000, "bob's update");
    bob.client.send({ command: 'updateStreamMetaData', streamId: 'bob', metaData: '{"isMicMuted":true}' });
    const update = await seenByAlice;
    assert.equal((JSON.parse(String(update.broadcast)) as { metaData: string }).metaData, '{"isMicMuted":true}');
  });

  it("fans a participant's data channel message out to every other participant, not back to itself", async () => {
    const text = JSON.stringify({ streamId: 'alice', eventType: 'CHAT_MESSAGE', message: 'hello room' });
    people.get('alice')!.publisher.dataChannel.send(text);
    await eventually(() => ['bob', 'carol'].every((id) => people.get(id)!.player.dataMessages.includes(text)), 'bob and carol got it');
    await delay(200);
    assert.ok(!people.get('alice')!.player.dataMessages.includes(text));
  });

  it("removes a leaver's tracks from the others within 2 s (subtrackRemoved, TRACK_LIST_UPDATED, new offer), and stops its media", async () => {
    const carol = people.get('carol')!;
    people.delete('carol');
    const offered = [...people.values()].map((p) => p.client.waitFor((m) => m.command === 'takeConfiguration' && m.type === 'offer' && !mappedParticipants(m, 'ARDAMSv').includes('carol'), 2000, 'an offer without carol'));
    const started = Date.now();
    await leave(carol);
    await Promise.all(offered);
    assert.ok(Date.now() - started < 2000);
    for (const p of people.values()) {
      assert.ok(p.client.received.some((m) => m.definition === 'subtrackRemoved' && m.trackId === 'carol' && m.streamId === ROOM), `${p.id} got subtrackRemoved`);
      await eventually(() => p.player.dataMessages.some((d) => d.includes('TRACK_LIST_UPDATED')), `${p.id} got TRACK_LIST_UPDATED`);
    }
    await delay(300);
    const since = Date.now();
    await delay(700);
    for (const p of people.values()) {
      assert.ok(!p.player.tagsSince(since).has(tagOf('carol')), `${p.id} still gets carol`);
      assert.ok(p.player.participantsSeen('video', since).size === 1, `${p.id} still gets the other participant`);
    }
  });

  it('lets the leaver rejoin and be seen again, and shows a late joiner everyone already present', async () => {
    people.set('carol', await join(server.url, 'carol'));
    const dave = await join(server.url, 'dave');
    people.set('dave', dave);
    assert.deepEqual(mappedParticipants(dave.player.offers[0]!, 'ARDAMSv'), ['alice', 'bob', 'carol'], "dave's first offer has everyone");
    for (const p of people.values()) {
      for (const offer of p.player.offers) assert.deepEqual(audioBeforeVideo(offer), [], `${p.id}'s offers put each participant's video before its audio`);
    }
    const since = Date.now();
    await eventually(
      () => [...people.values()].every((p) => p.player.participantsSeen('video', since).size === 3),
      'everyone sees the three others again',
      10_000,
    );
  });

  it('frees every peer connection and the room when all leave', async () => {
    for (const p of [...people.values()]) await leave(p);
    people.clear();
    await eventually(() => server.context.peers.openCount === 0, 'no peer connection left', 5000);
    await eventually(() => server.context.registry.rooms.size === 0 && server.context.registry.size === 0, 'no room or stream left', 5000);
  });
});

/**
 * The participants whose audio m-line comes before their video in `offer`:
 * browsers report a participant's tracks in m-line order, and Ant Media's
 * conference sample hides a tile whose first track is audio.
 */
function audioBeforeVideo(offer: WireMessage): string[] {
  const mids = [...String(offer.sdp).matchAll(/^a=mid:(\S+)/gm)].map((m) => m[1]!);
  const indexOf = (trackId: string) => mids.indexOf(Object.entries(offer.idMapping as Record<string, string>).find(([, t]) => t === trackId)?.[0] ?? '');
  return mappedParticipants(offer, 'ARDAMSa').filter((id) => {
    const video = indexOf(`ARDAMSv${id}`);
    return video >= 0 && indexOf(`ARDAMSa${id}`) < video;
  });
}

/** The first mid of the offer's BUNDLE group (the tag browsers tie the transport to) and its m-line's port. */
function bundleTag(offer: WireMessage): { mid: string | undefined; port: number | undefined } {
  const sdp = String(offer.sdp);
  const mid = /^a=group:BUNDLE (\S+)/m.exec(sdp)?.[1];
  const section = sdp.split(/\r\n(?=m=)/).find((m) => m.startsWith('m=') && m.includes(`\r\na=mid:${mid}\r\n`));
  const port = section ? Number(section.split(' ')[1]) : undefined;
  return { mid, port };
}

describe('conference room: the first participant leaving keeps everyone else connected', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  const people = new Map<string, Participant>();

  before(async () => {
    server = await startTestServer();
    for (const id of ['alice', 'bob', 'carol']) people.set(id, await join(server.url, id));
  });

  after(async () => {
    for (const p of people.values()) await leave(p).catch(() => undefined);
    await server?.close();
  });

  it('keeps the BUNDLE tag (alice\'s m-line, now inactive) in the offer without her, and the others keep receiving each other', async () => {
    const alice = people.get('alice')!;
    people.delete('alice');
    const others = [...people.values()];
    const tags = others.map((p) => bundleTag(p.player.offers.at(-1)!));
    const offered = others.map((p) => p.client.waitFor((m) => m.command === 'takeConfiguration' && m.type === 'offer' && !mappedParticipants(m, 'ARDAMSa').includes('alice'), 2000, 'an offer without alice'));
    await leave(alice);
    const offers = await Promise.all(offered);
    offers.forEach((offer, i) => {
      const tag = bundleTag(offer);
      // A moved tag makes Chrome and Firefox start a new transport for the room play, which then fails.
      assert.equal(tag.mid, tags[i]!.mid, `${others[i]!.id}'s BUNDLE tag stays`);
      assert.notEqual(tag.port, 0, `${others[i]!.id}'s tagged m-line is not rejected`);
    });
    const since = Date.now();
    await eventually(() => others.every((p) => p.player.participantsSeen('video', since).size === 1), 'bob and carol keep receiving each other', 5000);
    for (const p of others) assert.ok(!p.client.received.some((m) => m.definition === 'play_finished' && m.streamId === ROOM), `${p.id}'s room play goes on`);
  });

  it("offers the next participant's video before its audio, though alice's m-lines stay behind inactive", async () => {
    const others = [...people.values()];
    const offered = others.map((p) => p.client.waitFor((m) => m.command === 'takeConfiguration' && m.type === 'offer' && mappedParticipants(m, 'ARDAMSv').includes('dave'), 5000, 'an offer with dave'));
    people.set('dave', await join(server.url, 'dave'));
    for (const offer of await Promise.all(offered)) assert.deepEqual(audioBeforeVideo(offer), []);
    const since = Date.now();
    await eventually(() => others.every((p) => p.player.participantsSeen('video', since).size === 2), 'bob and carol see dave', 5000);
  });
});

describe('conference room: maxVideoTrackCount follows the loudest speaker', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  const publishers: RoomPublisher[] = [];
  const clients: ProtocolClient[] = [];
  let viewer: RoomPlayer;

  before(async () => {
    server = await startTestServer({ rooms: { ...defaultConfig.rooms, speakerHoldMs: 400, tickMs: 100 } });
    const levels: Record<string, number> = { ann: 20, ben: 30, cid: 127 };
    for (const id of ['ann', 'ben', 'cid']) {
      const client = await ProtocolClient.connect(server.url);
      clients.push(client);
      publishers.push(await publishToRoom(client, 'room_2', id, { audioLevel: levels[id]! }));
    }
    const client = await ProtocolClient.connect(server.url);
    clients.push(client);
    viewer = await playRoom(client, 'room_2', undefined, { maxVideoTrackCount: 2 });
  });

  after(async () => {
    await viewer?.close();
    for (const p of publishers) await p.close();
    await Promise.all(clients.map((c) => c.close()));
    await server?.close();
  });

  const assignment = (): string[] => {
    const last = viewer.dataMessages.filter((d) => d.includes('VIDEO_TRACK_ASSIGNMENT_LIST')).at(-1);
    return last ? (JSON.parse(last) as { payload: Array<{ trackId: string }> }).payload.map((a) => a.trackId) : [];
  };

  it('offers two video slots and every participant’s audio', () => {
    const offer = viewer.offers.at(-1)!;
    assert.deepEqual(mappedParticipants(offer, 'ARDAMSv'), ['videoTrack0', 'videoTrack1']);
    assert.deepEqual(mappedParticipants(offer, 'ARDAMSa'), ['ann', 'ben', 'cid']);
  });

  it('fills the slots with the two loudest, then moves a slot to the new speaker', async () => {
    await eventually(() => sorted(assignment()).join() === 'ann,ben', 'ann and ben hold the slots', 5000);
    await eventually(() => viewer.tagsSince(Date.now() - 500, 'video').size === 2, 'two videos arrive', 5000);
    const [ann, , cid] = publishers;
    cid!.audioLevel = 5;
    ann!.audioLevel = 127;
    await eventually(() => sorted(assignment()).join() === 'ben,cid', 'cid took ann’s slot', 5000);
    await delay(500);
    const videos = viewer.tagsSince(Date.now() - 400, 'video');
    assert.deepEqual(sorted([...videos].map(String)), sorted([tagOf('ben'), tagOf('cid')].map(String)), 'the viewer gets ben and cid');
  });

  it('answers getVideoTrackAssignmentsCommand and refuses track commands for a room it does not play', async () => {
    const client = clients.at(-1)!;
    const list = await answerTo(client, { command: 'getVideoTrackAssignmentsCommand', streamId: 'room_2' }, (m) => m.definition === 'videoTrackAssignmentList');
    assert.equal((list.payload as unknown[]).length, 2);
    const refused = await answerTo(client, { command: 'setMaxVideoTrackCountCommand', streamId: 'nope', maxTrackCount: 1 }, (m) => m.command === 'error');
    assert.equal(refused.definition, 'invalidParameter');
  });
});

describe('conference room: malformed room commands get precise errors', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let client: ProtocolClient;

  before(async () => {
    server = await startTestServer();
    client = await ProtocolClient.connect(server.url);
  });

  after(async () => {
    await client?.close();
    await server?.close();
  });

  for (const [command, definition] of [
    [{ command: 'getRoomInfo', room: 'a room' }, 'invalidStreamName'],
    [{ command: 'joinRoom', streamId: 'x' }, 'noRoomNameSpecified'],
    [{ command: 'getRoomInfo', room: 'empty_room' }, 'no_active_streams_in_room'],
    [{ command: 'getSubtracks', streamId: 'r', offset: -3 }, 'invalidParameter'],
    [{ command: 'getSubtracks', streamId: 'no_such_room' }, 'no_stream_exist'],
    [{ command: 'publish', streamId: 'same', mainTrack: 'same' }, 'invalidParameter'],
    [{ command: 'updateStreamMetaData', streamId: 'nobody', metaData: '{}' }, 'no_stream_exist'],
    [{ command: 'assignVideoTrackCommand', streamId: 'nobody', videoTrackId: 'videoTrack0', enabled: true }, 'invalidParameter'],
  ] as const) {
    it(`${JSON.stringify(command)} → ${definition}`, async () => {
      const answer = await answerTo(client, command, (m) => m.command === 'error');
      assert.equal(answer.definition, definition);
    });
  }
});
