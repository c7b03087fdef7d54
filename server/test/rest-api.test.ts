/**
 * The REST API under /{app}/rest/v2 against a live stream: credentials,
 * broadcasts (list, get, create, delete), per-viewer WebRTC statistics,
 * broadcast statistics (a conference room's too) and the OpenAPI description.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ProtocolClient } from './helpers/protocolClient.js';
import { call, httpBase, sample, serverForThisFile, type ConfiguredServer } from './helpers/ops.js';
import { delay, eventually } from './helpers/testServer.js';
import { playRoom, publishToRoom, type RoomPlayer, type RoomPublisher } from './helpers/roomPeers.js';
import { playAndRecord, publishSynthetic, SYNTHETIC_HEIGHT, type RecordingPlayer, type SyntheticPublisher } from './helpers/weriftPeers.js';

const API_KEY = 'rest-test-key';
const auth = { authorization: `Bearer ${API_KEY}` };
let server: ConfiguredServer;
let api: string;
const connect = serverForThisFile({ rest: { apiKeys: [API_KEY] } }, (started) => {
  server = started;
  api = `${httpBase(server)}/LiveApp/rest/v2`;
});

describe('credentials', () => {
  it('refuses calls without or with wrong credentials with 401, and accepts the key in any of its headers', async () => {
    const list = `${api}/broadcasts/list/0/10`;
    assert.equal((await call(list)).status, 401);
    assert.equal((await call(list, { headers: { authorization: 'Bearer wrong' } })).status, 401);
    assert.equal((await call(list, { headers: { 'x-api-key': 'wrong' } })).status, 401);
    assert.equal((await call(list, { headers: auth })).status, 200);
    assert.equal((await call(list, { headers: { 'x-api-key': API_KEY } })).status, 200);
    assert.equal((await call(list, { headers: { authorization: `Basic ${Buffer.from(`ops:${API_KEY}`).toString('base64')}` } })).status, 200);
  });

  it('keeps the dashboard behind the same credentials, asking browsers for them', async () => {
    const refused = await call(`${httpBase(server)}/dashboard/`);
    assert.equal(refused.status, 401);
    assert.match(String(refused.headers.get('www-authenticate')), /^Basic /);
    assert.equal((await call(`${httpBase(server)}/dashboard/`, { headers: auth })).status, 200);
  });

  it('serves the OpenAPI description without credentials', async () => {
    const answer = await call(`${api}/openapi.json`);
    assert.equal(answer.status, 200);
    const doc = answer.body as { openapi: string; paths: Record<string, unknown> };
    assert.equal(doc.openapi, '3.0.3');
    assert.ok(doc.paths['/broadcasts/{id}/webrtc-client-stats/{offset}/{size}']);
  });
});

describe('broadcasts created over REST', () => {
  it('creates, lists, gets and deletes a broadcast record', async () => {
    const created = await call(`${api}/broadcasts/create`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ streamId: 'rest_created', name: 'Lobby' }) });
    assert.equal(created.status, 200);
    assert.deepEqual({ ...(created.body as object), date: 0 }, { ...(created.body as object), date: 0, streamId: 'rest_created', name: 'Lobby', status: 'created', webRTCViewerCount: 0 });
    assert.equal((await call(`${api}/broadcasts/create`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: '{"streamId":"rest_created"}' })).status, 409);
    assert.equal((await call(`${api}/broadcasts/create`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: '{"streamId":"bad id!"}' })).status, 400);
    assert.equal((await call(`${api}/broadcasts/create`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: '{not json' })).status, 400);
    const list = (await call(`${api}/broadcasts/list/0/50`, { headers: auth })).body as Array<{ streamId: string }>;
    assert.ok(list.some((b) => b.streamId === 'rest_created'));
    assert.equal(((await call(`${api}/broadcasts/rest_created`, { headers: auth })).body as { name: string }).name, 'Lobby');
    assert.equal((await call(`${api}/broadcasts/rest_created`, { method: 'DELETE', headers: auth })).status, 200);
    assert.equal((await call(`${api}/broadcasts/rest_created`, { headers: auth })).status, 404);
    assert.equal((await call(`${api}/broadcasts/rest_created`, { method: 'DELETE', headers: auth })).status, 404);
  });

  it('answers bad paging with 400', async () => {
    assert.equal((await call(`${api}/broadcasts/list/-1/10`, { headers: auth })).status, 400);
    assert.equal((await call(`${api}/broadcasts/list/0/zero`, { headers: auth })).status, 400);
  });
});

describe('a live stream with one viewer', () => {
  const streamId = 'rest_live';
  let publisher: SyntheticPublisher;
  let player: RecordingPlayer;
  let publisherClient: ProtocolClient;
  let playerClient: ProtocolClient;
  let pacer: NodeJS.Timeout;

  before(async () => {
    publisherClient = await connect();
    publisher = await publishSynthetic(publisherClient, streamId);
    pacer = setInterval(() => publisher.sendVideoPacket(), 10);
    playerClient = await connect();
    player = await playAndRecord(playerClient, streamId);
    await delay(1200);
  });

  after(async () => {
    clearInterval(pacer);
    await player?.close();
    await publisher?.close();
  });

  it('lists it with publisher info, viewer count, layer and codec', async () => {
    const list = (await call(`${api}/broadcasts/list/0/10`, { headers: auth })).body as Array<Record<string, unknown>>;
    const live = list.find((b) => b.streamId === streamId)!;
    assert.equal(live.status, 'broadcasting');
    assert.equal(live.webRTCViewerCount, 1);
    assert.equal(live.height, SYNTHETIC_HEIGHT);
    assert.equal(live.remoteIp, '127.0.0.1');
    assert.equal((live.codecs as { video?: string }).video, 'VP8');
    const layers = live.layers as Array<{ height: number; bitrate: number; codec: string }>;
    assert.equal(layers[0]?.height, SYNTHETIC_HEIGHT);
    assert.ok(layers[0]!.bitrate > 0);
    assert.ok(Number(live.bitrate) > 0);
    // Another app's API does not see it (apps are separate namespaces).
    const elsewhere = (await call(`${httpBase(server)}/OtherApp/rest/v2/broadcasts/list/0/10`, { headers: auth })).body as unknown[];
    assert.deepEqual(elsewhere, []);
  });

  it("gives the viewer's WebRTC statistics", async () => {
    const stats = (await call(`${api}/broadcasts/${streamId}/webrtc-client-stats/0/10`, { headers: auth })).body as Array<Record<string, any>>;
    assert.equal(stats.length, 1);
    assert.equal(stats[0]!.streamId, streamId);
    assert.equal(stats[0]!.clientIp, '127.0.0.1');
    assert.equal(stats[0]!.connected, true);
    assert.ok(stats[0]!.videoSentStats.videoPacketsSent > 0);
    assert.ok(stats[0]!.videoSentStats.videoBytesSent > 0);
    assert.equal(stats[0]!.currentLayerHeight, SYNTHETIC_HEIGHT);
    assert.equal(stats[0]!.clientId, 1);
    assert.deepEqual((await call(`${api}/broadcasts/${streamId}/webrtc-client-stats/1/10`, { headers: auth })).body, []);
  });

  it('gives broadcast and total statistics', async () => {
    const one = (await call(`${api}/broadcasts/${streamId}/broadcast-statistics`, { headers: auth })).body as Record<string, number>;
    assert.equal(one.totalWebRTCWatchersCount, 1);
    const total = (await call(`${api}/broadcasts/total-broadcast-statistics`, { headers: auth })).body as Record<string, number>;
    assert.equal(total.totalWebRTCWatchersCount, 1);
    assert.equal(total.activeLiveStreamCount, 1);
  });

  it('deleting it stops the publisher and tells the viewer, freeing every peer', async () => {
    const answer = await call(`${api}/broadcasts/${streamId}`, { method: 'DELETE', headers: auth });
    assert.deepEqual(answer.body, { success: true, message: 'stopped and deleted' });
    await playerClient.notification('play_finished', streamId);
    await publisherClient.notification('publish_finished', streamId);
    await eventually(() => server.context.peers.openCount === 0, 'no peer connection is left');
    assert.equal((await call(`${api}/broadcasts/${streamId}`, { headers: auth })).status, 404);
  });
});

describe('a conference room', () => {
  const room = 'rest_room';
  const publishers: RoomPublisher[] = [];
  const players: RoomPlayer[] = [];

  before(async () => {
    for (const id of ['rest_ann', 'rest_ben']) {
      const client = await connect();
      publishers.push(await publishToRoom(client, room, id));
      players.push(await playRoom(client, room, id));
    }
    players.push(await playRoom(await connect(), room, undefined)); // a viewer who does not publish
  });

  after(async () => {
    for (const player of players) await player.close();
    for (const publisher of publishers) await publisher.close();
  });

  it('shows the room as a broadcast: its participants as subtracks, its three players as viewers', async () => {
    const view = (await call(`${api}/broadcasts/${room}`, { headers: auth })).body as Record<string, unknown>;
    assert.equal(view.status, 'broadcasting');
    assert.deepEqual(view.subTrackStreamIds, ['rest_ann', 'rest_ben']);
    assert.equal(view.webRTCViewerCount, 3);
    const one = (await call(`${api}/broadcasts/${room}/broadcast-statistics`, { headers: auth })).body as Record<string, number>;
    assert.equal(one.totalWebRTCWatchersCount, 3);
    const total = (await call(`${api}/broadcasts/total-broadcast-statistics`, { headers: auth })).body as Record<string, number>;
    assert.equal(total.totalWebRTCWatchersCount, 3, 'each room play once, not once per participant');
    assert.equal((await call(`${httpBase(server)}/OtherApp/rest/v2/broadcasts/${room}`, { headers: auth })).status, 404, 'another app does not see it');
  });

  it('counts the room and its players in /metrics', async () => {
    const text = String((await call(`${httpBase(server)}/metrics`, { headers: auth })).body);
    assert.equal(sample(text, 'relayrtc_rooms'), 1);
    assert.equal(sample(text, 'relayrtc_room_players'), 3);
  });
});
