/**
 * getSubscribers and getDebugInfo (antmedia-protocol.md §4.2, §4.3) through
 * the real server: a werift publisher, one werift player that names nobody,
 * and players that send a subscriberId (one subscriber on two sockets), as
 * an Ant Media page's getSubscriberList / getDebugInfo would see them.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ProtocolClient, type WireMessage } from './helpers/protocolClient.js';
import { publishToRoom, type RoomPublisher } from './helpers/roomPeers.js';
import { startTestServer } from './helpers/testServer.js';
import { playAndRecord, publishSynthetic, type RecordingPlayer, type SyntheticPublisher } from './helpers/weriftPeers.js';

const STREAM = 'diag_1';
const ROOM = 'diag_room';

let server: Awaited<ReturnType<typeof startTestServer>>;
const clients: ProtocolClient[] = [];
let publisher: SyntheticPublisher;
let anonymous: RecordingPlayer;
let roomPublisher: RoomPublisher;

async function connect(): Promise<ProtocolClient> {
  const client = await ProtocolClient.connect(server.url);
  clients.push(client);
  return client;
}

function ask(client: ProtocolClient, command: Record<string, unknown>, match: (m: WireMessage) => boolean): Promise<WireMessage> {
  const answer = client.waitFor(match, 5000, JSON.stringify(command));
  client.send(command);
  return answer;
}

/** A play that sends a subscriberId; the server's offer proves the play exists (nobody answers it). */
async function playAs(streamId: string, subscriberId: string, extra: Record<string, unknown> = {}): Promise<void> {
  const client = await connect();
  client.send({ command: 'play', streamId, subscriberId, ...extra });
  await client.next((m) => m.command === 'takeConfiguration' && m.type === 'offer' && m.streamId === streamId, 5000, `${subscriberId}'s offer`);
}

const subscribersIn = (answer: WireMessage) => (answer.subscriberList as string[]).map((s) => JSON.parse(s) as Record<string, unknown>);
const isNotification = (definition: string, streamId: string) => (m: WireMessage) => m.definition === definition && m.streamId === streamId;
const isError = (m: WireMessage) => m.command === 'error';

before(async () => {
  server = await startTestServer();
  publisher = await publishSynthetic(await connect(), STREAM);
  anonymous = await playAndRecord(await connect(), STREAM);
  await playAs(STREAM, 'ann', { subscriberName: 'Ann' });
  await playAs(STREAM, 'ann', { subscriberName: 'Ann' });
  await playAs(STREAM, 'bob');
});

after(async () => {
  await Promise.all([publisher?.close(), anonymous?.close(), roomPublisher?.close()]);
  await Promise.all(clients.map((c) => c.close()));
  await server?.close();
});

describe('getSubscribers', () => {
  it('lists who plays the stream, one entry per subscriber with its open plays, in order of first play', async () => {
    const answer = await ask(await connect(), { command: 'getSubscribers', streamId: STREAM }, isNotification('subscriberList', STREAM));
    const [first, ...named] = subscribersIn(answer);
    assert.match(String(first?.subscriberId), /^[0-9a-f-]{36}$/, 'a player that sent no subscriberId is named by its socket');
    assert.deepEqual(first?.currentConcurrentConnections, 1);
    assert.deepEqual(named, [
      { subscriberId: 'ann', subscriberName: 'Ann', streamId: STREAM, type: 'play', connected: true, currentConcurrentConnections: 2 },
      { subscriberId: 'bob', subscriberName: '', streamId: STREAM, type: 'play', connected: true, currentConcurrentConnections: 1 },
    ]);
  });

  it('pages with offset and size, as getSubscriberList(streamId, offset, size) sends them', async () => {
    const client = await connect();
    const page = await ask(client, { command: 'getSubscribers', streamId: STREAM, offset: 1, size: 1 }, isNotification('subscriberList', STREAM));
    assert.deepEqual(subscribersIn(page).map((s) => s.subscriberId), ['ann']);
    const past = await ask(client, { command: 'getSubscribers', streamId: STREAM, offset: 9, size: 5 }, isNotification('subscriberList', STREAM));
    assert.deepEqual(past.subscriberList, []);
  });

  it('refuses a bad offset or size with invalidParameter naming the key, and answers no_stream_exist for an unknown stream', async () => {
    const client = await connect();
    const negative = await ask(client, { command: 'getSubscribers', streamId: STREAM, offset: -1, size: 10 }, isError);
    assert.deepEqual([negative.definition, negative.streamId], ['invalidParameter', STREAM]);
    assert.match(String(negative.information), /'offset' of 'getSubscribers'/);
    const fraction = await ask(client, { command: 'getSubscribers', streamId: STREAM, size: 0.5 }, isError);
    assert.match(String(fraction.information), /'size' of 'getSubscribers' must be a non-negative integer/);
    const unknown = await ask(client, { command: 'getSubscribers', streamId: 'nobody_here' }, isError);
    assert.deepEqual(unknown, { command: 'error', definition: 'no_stream_exist', streamId: 'nobody_here', error_code: '404' });
    const nameless = await ask(client, { command: 'getSubscribers' }, isError);
    assert.equal(nameless.definition, 'noStreamNameSpecified');
  });

  it("lists a room's players for the room id", async () => {
    roomPublisher = await publishToRoom(await connect(), ROOM, 'carl');
    await playAs(ROOM, 'dora', { room: ROOM });
    const answer = await ask(await connect(), { command: 'getSubscribers', streamId: ROOM }, isNotification('subscriberList', ROOM));
    assert.deepEqual(subscribersIn(answer).map((s) => [s.subscriberId, s.currentConcurrentConnections]), [['dora', 1]]);
    const debug = await ask(await connect(), { command: 'getDebugInfo', streamId: ROOM }, isNotification('debugInfo', ROOM));
    const figures = JSON.parse(String(debug.debugInfo)) as Record<string, number>;
    assert.deepEqual([figures.publisherCount, figures.playerCount], [1, 1], 'a room: its participants and its players');
  });
});

describe('getDebugInfo', () => {
  it("answers debugInfo, a JSON string of the server's load and memory and the stream's publisher and player counts", async () => {
    const answer = await ask(await connect(), { command: 'getDebugInfo', streamId: STREAM }, isNotification('debugInfo', STREAM));
    assert.equal(typeof answer.debugInfo, 'string', 'Ant Media pages print obj.debugInfo as text');
    const figures = JSON.parse(String(answer.debugInfo)) as Record<string, unknown>;
    assert.deepEqual([figures.streamId, figures.publisherCount, figures.playerCount], [STREAM, 1, 4]);
    for (const key of ['cpuPercent', 'eventLoopLagMs', 'uptimeSeconds']) assert.ok(Number(figures[key]) >= 0, `${key} ${String(figures[key])}`);
    assert.ok(Number(figures.rssBytes) > Number(figures.heapUsedBytes) && Number(figures.heapUsedBytes) > 0, 'real memory figures');
    assert.ok(Number(figures.streamCount) >= 1 && Number(figures.peerConnectionCount) >= 2, 'the publisher and the connected player at least');
  });

  it('answers an id nothing publishes with zero counts (the server figures still help)', async () => {
    const answer = await ask(await connect(), { command: 'getDebugInfo', streamId: 'gone_1' }, isNotification('debugInfo', 'gone_1'));
    const figures = JSON.parse(String(answer.debugInfo)) as Record<string, unknown>;
    assert.deepEqual([figures.publisherCount, figures.playerCount], [0, 0]);
  });
});
