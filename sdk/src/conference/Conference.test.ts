/** Conference over a fake WebSocket and fake peers: the exact commands on the wire, and what the application sees. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { isRelayError } from '../core/errors.js';
import { LocalMedia } from '../media/LocalMedia.js';
import {
  broadcastObjectNotification,
  Notification,
  notificationMessage,
  startMessage,
  subtrackChangeNotification,
  takeConfigurationMessage,
  videoTrackAssignmentListEvent,
  type BroadcastInfo,
} from '../protocol/index.js';
import { asStream, FakeStream, FakeTrack } from '../testing/FakeMedia.js';
import { FAKE_ANSWER, FAKE_OFFER, flush, type FakePeer } from '../testing/FakePeer.js';
import { connectedClient } from '../testing/clientHarness.js';
import type { Conference, Participant } from './Conference.js';

/** A server offer whose m-lines are `[mid, kind, direction]`. */
function offer(mids: Array<[string, 'audio' | 'video', string]>): string {
  const lines = ['v=0', 'o=- 1 1 IN IP4 127.0.0.1', 's=-', 't=0 0'];
  for (const [mid, kind, direction] of mids) lines.push(`m=${kind} 9 UDP/TLS/RTP/SAVPF 96`, `a=mid:${mid}`, `a=${direction}`);
  return `${lines.join('\r\n')}\r\n`;
}

function broadcast(streamId: string, name: string, metaData: string): BroadcastInfo {
  return { streamId, name, status: 'broadcasting', metaData, role: '', mainTrackStreamId: 'room1', webRTCViewerCount: 0, startTime: 0 };
}

class EmptyStream extends FakeStream {
  constructor() {
    super([]);
  }
}

/** The one stream a peer connection collects its remote tracks in (RtcPeerSession). */
const PLAY_STREAM = asStream(new EmptyStream());

type Harness = Awaited<ReturnType<typeof connectedClient>>;

/** Alice joins room1 with Bob already in it; returns the conference and Alice's room play peer. */
async function aliceJoins(harness: Harness, options = {}) {
  const { client, socket, peers } = harness;
  const media = new LocalMedia(asStream(new FakeStream([new FakeTrack('audio', 'mic'), new FakeTrack('video', 'cam')])));
  const joining = client.joinConference('room1', media, { streamId: 'alice', name: 'Alice', ...options });
  socket.receive(startMessage('alice'));
  await flush();
  socket.receive(notificationMessage(Notification.publishStarted, 'alice'));
  await flush();
  const player = peers.last();
  socket.receive(takeConfigurationMessage('room1', 'offer', offer([['0', 'audio', 'sendonly'], ['1', 'video', 'sendonly']]), { '0': 'ARDAMSabob', '1': 'ARDAMSvbob' }));
  await flush();
  player.events.safeEmit('track', { track: new FakeTrack('audio', 'bob-a') as unknown as MediaStreamTrack, stream: PLAY_STREAM, mid: '0' });
  player.events.safeEmit('track', { track: new FakeTrack('video', 'bob-v') as unknown as MediaStreamTrack, stream: PLAY_STREAM, mid: '1' });
  socket.receive(notificationMessage(Notification.playStarted, 'room1'));
  const conference = await joining;
  return { conference, media, player };
}

function record(conference: Conference) {
  const seen: string[] = [];
  const log = (what: string) => (p: Participant) => seen.push(`${what}:${p.id}`);
  conference.on('participantJoined', log('joined'));
  conference.on('participantLeft', log('left'));
  conference.on('participantUpdated', log('updated'));
  return seen;
}

/** An m-line of a room offer: `[mid, kind, direction, the track id its idMapping names]`. */
type RoomLine = [string, 'audio' | 'video', string, string];

/** The server renegotiates Alice's room play with `lines`; resolves once her answer is out. */
async function roomOffer(harness: Harness, lines: RoomLine[]): Promise<void> {
  const mapping = Object.fromEntries(lines.map(([mid, , , trackId]) => [mid, trackId]));
  harness.socket.receive(takeConfigurationMessage('room1', 'offer', offer(lines.map(([mid, kind, direction]) => [mid, kind, direction])), mapping));
  await flush();
}

/**
 * Alice is in room1 with Bob and Carol, and capped her video at one slot (Bob's), then lifted the cap
 * again: the server sent a new offer with everyone's own video but no new assignment list.
 */
async function aliceCappedThenUncapped(harness: Harness) {
  const { conference, player } = await aliceJoins(harness);
  const everyone = (bobVideoMid: string, carolVideoMid: string): RoomLine[] => [
    ['0', 'audio', 'sendonly', 'ARDAMSabob'],
    [bobVideoMid, 'video', 'sendonly', 'ARDAMSvbob'],
    ['2', 'audio', 'sendonly', 'ARDAMSacarol'],
    [carolVideoMid, 'video', 'sendonly', 'ARDAMSvcarol'],
  ];
  await roomOffer(harness, everyone('1', '3'));
  const capping = conference.setMaxVideoTracks(1);
  const capped: RoomLine[] = [['0', 'audio', 'sendonly', 'ARDAMSabob'], ['1', 'video', 'inactive', 'ARDAMSvbob'], ['2', 'audio', 'sendonly', 'ARDAMSacarol'], ['3', 'video', 'inactive', 'ARDAMSvcarol'], ['4', 'video', 'sendonly', 'ARDAMSvvideoTrack0']];
  await roomOffer(harness, capped);
  await capping;
  const channel = player.emitDataChannel('room1');
  channel.receive(JSON.stringify(videoTrackAssignmentListEvent('room1', [{ videoLabel: 'videoTrack0', trackId: 'bob', reserved: false }])));
  const lifting = conference.setMaxVideoTracks(-1);
  await roomOffer(harness, [...everyone('5', '6'), ['4', 'video', 'inactive', 'ARDAMSvvideoTrack0']]);
  await lifting;
  return { conference, player, channel };
}

const lookUpsOf = (harness: Harness, id: string, from: number) =>
  harness.socket.messages().slice(from).filter((m) => m.command === 'getBroadcastObject' && m.streamId === id);

const trackIds = (p: Participant | undefined) => (p ? (p.stream.getTracks() as unknown as FakeTrack[]).map((t) => t.id).sort() : []);

describe('Conference (multitrack room: publish with mainTrack, play the room once)', () => {
  const previous = (globalThis as { MediaStream?: unknown }).MediaStream;
  before(() => ((globalThis as { MediaStream?: unknown }).MediaStream = EmptyStream));
  after(() => ((globalThis as { MediaStream?: unknown }).MediaStream = previous));

  it('join: publish (mainTrack, metaData, streamName) → publish_started → play (room, userPublishId) → play_started', async () => {
    const harness = await connectedClient();
    const { conference } = await aliceJoins(harness);
    assert.equal(conference.state, 'joined');
    assert.deepEqual(harness.socket.messages().slice(0, 3), [
      {
        command: 'publish',
        streamId: 'alice',
        video: true,
        audio: true,
        mainTrack: 'room1',
        streamName: 'Alice',
        metaData: '{"isMicMuted":false,"isCameraOff":false}',
      },
      { command: 'takeConfiguration', streamId: 'alice', type: 'offer', sdp: FAKE_OFFER },
      { command: 'play', streamId: 'room1', room: 'room1', userPublishId: 'alice' },
    ]);
    assert.deepEqual(harness.socket.messages()[3], { command: 'takeConfiguration', streamId: 'room1', type: 'answer', sdp: FAKE_ANSWER });
    assert.deepEqual(harness.socket.messages()[4], { command: 'getBroadcastObject', streamId: 'bob' });
  });

  it("a join whose signal was aborted before rejects with 'ABORTED' and sends nothing, even while that room is joined (not ALREADY_PLAYING)", async () => {
    const harness = await connectedClient();
    const { conference } = await aliceJoins(harness);
    const sent = harness.socket.messages().length;
    const controller = new AbortController();
    controller.abort();
    const media = new LocalMedia(asStream(new FakeStream([new FakeTrack('video', 'cam2')])));
    await assert.rejects(harness.client.joinConference('room1', media, { signal: controller.signal }), (e) => isRelayError(e, 'ABORTED'));
    assert.equal(harness.socket.messages().length, sent);
    assert.equal(conference.state, 'joined');
  });

  it("gives each participant their own stream from the room play's tracks, named from their broadcast", async () => {
    const harness = await connectedClient();
    const { conference } = await aliceJoins(harness);
    const seen = record(conference);
    const [bob] = conference.participants;
    assert.equal(bob?.id, 'bob');
    assert.deepEqual(trackIds(bob), ['bob-a', 'bob-v']);
    assert.equal(bob?.hasVideo, true);

    harness.socket.receive(broadcastObjectNotification(broadcast('bob', 'Bob', '{"isMicMuted":true,"isCameraOff":false}')));
    await flush();
    assert.equal(bob?.name, 'Bob');
    assert.equal(bob?.microphoneMuted, true);
    assert.equal(bob?.cameraOff, false);
    assert.deepEqual(seen, ['updated:bob']);
  });

  it('someone joins: subtrackAdded shows them at once; the renegotiation on the same streamId is answered and brings their tracks', async () => {
    const harness = await connectedClient();
    const { conference, player } = await aliceJoins(harness);
    const seen = record(conference);
    harness.socket.receive(subtrackChangeNotification('added', 'room1', 'carol'));
    assert.deepEqual(seen, ['joined:carol']);

    const sent = harness.socket.messages().length;
    const renegotiation = offer([['0', 'audio', 'sendonly'], ['1', 'video', 'sendonly'], ['2', 'audio', 'sendonly'], ['3', 'video', 'sendonly']]);
    harness.socket.receive(takeConfigurationMessage('room1', 'offer', renegotiation, { '0': 'ARDAMSabob', '1': 'ARDAMSvbob', '2': 'ARDAMSacarol', '3': 'ARDAMSvcarol' }));
    player.events.safeEmit('track', { track: new FakeTrack('audio', 'carol-a') as unknown as MediaStreamTrack, stream: PLAY_STREAM, mid: '2' });
    player.events.safeEmit('track', { track: new FakeTrack('video', 'carol-v') as unknown as MediaStreamTrack, stream: PLAY_STREAM, mid: '3' });
    await flush();
    assert.deepEqual(harness.socket.messages()[sent], { command: 'takeConfiguration', streamId: 'room1', type: 'answer', sdp: FAKE_ANSWER });
    assert.ok(player.calls.includes(`acceptOffer:${renegotiation}`));
    assert.deepEqual(trackIds(conference.participants.find((p) => p.id === 'carol')), ['carol-a', 'carol-v']);
    assert.deepEqual(seen, ['joined:carol', 'updated:carol']);
  });

  it('someone leaves: subtrackRemoved removes them at once, and the renegotiation without their m-lines keeps them out', async () => {
    const harness = await connectedClient();
    const { conference } = await aliceJoins(harness);
    const seen = record(conference);
    harness.socket.receive(subtrackChangeNotification('removed', 'room1', 'bob'));
    assert.deepEqual(seen, ['left:bob']);
    harness.socket.receive(takeConfigurationMessage('room1', 'offer', offer([['0', 'audio', 'inactive'], ['1', 'video', 'inactive']]), {}));
    await flush();
    assert.deepEqual(conference.participants, []);

    // Bob comes back, reusing the same m-lines.
    harness.socket.receive(subtrackChangeNotification('added', 'room1', 'bob'));
    harness.socket.receive(takeConfigurationMessage('room1', 'offer', offer([['0', 'audio', 'sendonly'], ['1', 'video', 'sendonly']]), { '0': 'ARDAMSabob', '1': 'ARDAMSvbob' }));
    await flush();
    assert.deepEqual(seen, ['left:bob', 'joined:bob', 'updated:bob']);
    assert.deepEqual(trackIds(conference.participants[0]), ['bob-a', 'bob-v']);
  });

  for (const notified of [true, false]) {
    it(`after the video cap is lifted, someone who held a slot and leaves is gone (${notified ? 'subtrackRemoved, then the offer' : 'the offer alone'}), and nobody asks about them`, async () => {
      const harness = await connectedClient();
      const { conference } = await aliceCappedThenUncapped(harness);
      assert.deepEqual(conference.participants.map((p) => p.id).sort(), ['bob', 'carol']);
      const seen = record(conference);
      const sent = harness.socket.messages().length;

      if (notified) harness.socket.receive(subtrackChangeNotification('removed', 'room1', 'bob'));
      await roomOffer(harness, [['0', 'audio', 'inactive', 'ARDAMSabob'], ['5', 'video', 'inactive', 'ARDAMSvbob'], ['2', 'audio', 'sendonly', 'ARDAMSacarol'], ['6', 'video', 'sendonly', 'ARDAMSvcarol'], ['4', 'video', 'inactive', 'ARDAMSvvideoTrack0']]);

      assert.deepEqual(conference.participants.map((p) => p.id), ['carol']);
      assert.deepEqual(seen, ['left:bob']);
      assert.deepEqual(lookUpsOf(harness, 'bob', sent), [], 'no getBroadcastObject for someone who left (its no_stream_exist would reach the page)');
    });
  }

  it('capped video: someone who leaves stays gone while the assignment list still names them, until a new list comes', async () => {
    const harness = await connectedClient();
    const { conference } = await aliceJoins(harness);
    const player: FakePeer = harness.peers.last();
    const capping = conference.setMaxVideoTracks(1);
    await roomOffer(harness, [['0', 'audio', 'sendonly', 'ARDAMSabob'], ['2', 'audio', 'sendonly', 'ARDAMSacarol'], ['4', 'video', 'sendonly', 'ARDAMSvvideoTrack0']]);
    await capping;
    player.events.safeEmit('track', { track: new FakeTrack('video', 'slot0') as unknown as MediaStreamTrack, stream: PLAY_STREAM, mid: '4' });
    const channel = player.emitDataChannel('room1');
    channel.receive(JSON.stringify(videoTrackAssignmentListEvent('room1', [{ videoLabel: 'videoTrack0', trackId: 'bob', reserved: false }])));
    const seen = record(conference);
    const sent = harness.socket.messages().length;

    harness.socket.receive(subtrackChangeNotification('removed', 'room1', 'bob'));
    await roomOffer(harness, [['0', 'audio', 'inactive', 'ARDAMSabob'], ['2', 'audio', 'sendonly', 'ARDAMSacarol'], ['4', 'video', 'sendonly', 'ARDAMSvvideoTrack0']]);
    assert.deepEqual(conference.participants.map((p) => p.id), ['carol']);
    channel.receive(JSON.stringify(videoTrackAssignmentListEvent('room1', [{ videoLabel: 'videoTrack0', trackId: 'carol', reserved: false }])));

    assert.deepEqual(seen, ['left:bob', 'updated:carol']);
    assert.deepEqual(trackIds(conference.participants[0]), ['slot0']);
    assert.deepEqual(lookUpsOf(harness, 'bob', sent), []);
  });

  it('our microphone and camera state goes out as updateStreamMetaData', async () => {
    const harness = await connectedClient();
    const { media } = await aliceJoins(harness);
    media.muteMicrophone();
    media.turnOffCamera();
    const updates = harness.socket.messages().filter((m) => m.command === 'updateStreamMetaData');
    assert.deepEqual(updates, [
      { command: 'updateStreamMetaData', streamId: 'alice', metaData: '{"isMicMuted":true,"isCameraOff":false}' },
      { command: 'updateStreamMetaData', streamId: 'alice', metaData: '{"isMicMuted":true,"isCameraOff":true}' },
    ]);
  });

  it('capped video: slots follow VIDEO_TRACK_ASSIGNMENT_LIST; pin waits for the reserved slot', async () => {
    const harness = await connectedClient();
    const { client, socket, peers } = harness;
    const joining = client.joinConference('room1', null, { streamId: 'alice', maxVideoTracks: 1 });
    socket.receive(startMessage('alice'));
    await flush();
    socket.receive(notificationMessage(Notification.publishStarted, 'alice'));
    await flush();
    assert.deepEqual(socket.messages().at(-1), { command: 'play', streamId: 'room1', room: 'room1', userPublishId: 'alice', maxVideoTrackCount: 1 });
    const player: FakePeer = peers.last();
    const mapping = { '0': 'ARDAMSabob', '1': 'ARDAMSacarol', '2': 'ARDAMSvvideoTrack0' };
    socket.receive(takeConfigurationMessage('room1', 'offer', offer([['0', 'audio', 'sendonly'], ['1', 'audio', 'sendonly'], ['2', 'video', 'sendonly']]), mapping));
    await flush();
    player.events.safeEmit('track', { track: new FakeTrack('video', 'slot0') as unknown as MediaStreamTrack, stream: PLAY_STREAM, mid: '2' });
    socket.receive(notificationMessage(Notification.playStarted, 'room1'));
    const conference = await joining;
    assert.deepEqual(socket.messages().filter((m) => m.command === 'getVideoTrackAssignmentsCommand'), [{ command: 'getVideoTrackAssignmentsCommand', streamId: 'room1' }]);

    const channel = player.emitDataChannel('room1');
    channel.receive(JSON.stringify(videoTrackAssignmentListEvent('room1', [{ videoLabel: 'videoTrack0', trackId: 'carol', reserved: false }])));
    const byId = (id: string) => conference.participants.find((p) => p.id === id);
    assert.equal(byId('carol')?.hasVideo, true);
    assert.equal(byId('bob')?.hasVideo, false);

    const pinning = conference.pin('bob');
    assert.deepEqual(socket.messages().at(-1), { command: 'assignVideoTrackCommand', streamId: 'bob', enabled: true });
    assert.equal(byId('bob')?.pinned, true);
    channel.receive(JSON.stringify(videoTrackAssignmentListEvent('room1', [{ videoLabel: 'videoTrack0', trackId: 'bob', reserved: true }])));
    await pinning;
    assert.deepEqual(trackIds(byId('bob')), ['slot0']);
    assert.deepEqual(trackIds(byId('carol')), []);
  });

  it('setReceiving and setVideoPage send enableTrack and updateVideoTrackAssignmentsCommand for the room, resolving once sent', async () => {
    const harness = await connectedClient();
    const { conference } = await aliceJoins(harness);
    const before = harness.socket.messages().length;
    await conference.setReceiving('bob', false);
    await conference.setReceiving('bob', true);
    await conference.setVideoPage(4, 2);
    assert.deepEqual(harness.socket.messages().slice(before), [
      { command: 'enableTrack', streamId: 'room1', trackId: 'bob', enabled: false },
      { command: 'enableTrack', streamId: 'room1', trackId: 'bob', enabled: true },
      { command: 'updateVideoTrackAssignmentsCommand', streamId: 'room1', offset: 4, size: 2 },
    ]);
    const errors: string[] = [];
    conference.on('error', (e) => errors.push(e.code));
    harness.socket.receive({ command: 'error', definition: 'invalidParameter', streamId: 'room1' });
    assert.deepEqual([errors, conference.state], [['INVALID_PARAMETER'], 'joined'], "a refusal is the conference's error event");
    await assert.rejects(conference.setVideoPage(-1, 2), TypeError);
    await assert.rejects(conference.setVideoPage(0, 1.5), TypeError);
    await assert.rejects(conference.setReceiving('', false), TypeError);
  });

  it('pauses a participant again on the new play of the room after a lost connection', async () => {
    const harness = await connectedClient({ reconnect: { random: () => 0 } });
    const { conference, player } = await aliceJoins(harness);
    await conference.setReceiving('bob', false);
    player.emitState('failed'); // a player cannot restart ICE: it stops and plays the room again
    await flush();
    assert.deepEqual(harness.socket.commands().slice(-2), ['stop', 'play']);
    harness.socket.receive(notificationMessage(Notification.playFinished, 'room1'));
    harness.socket.receive(takeConfigurationMessage('room1', 'offer', offer([['0', 'audio', 'sendonly'], ['1', 'video', 'sendonly']]), { '0': 'ARDAMSabob', '1': 'ARDAMSvbob' }));
    await flush();
    harness.socket.receive(notificationMessage(Notification.playStarted, 'room1'));
    await flush();
    assert.equal(conference.state, 'joined');
    assert.deepEqual(harness.socket.messages().at(-1), { command: 'enableTrack', streamId: 'room1', trackId: 'bob', enabled: false });
  });

  it("setReceiving and setVideoPage reject with 'NOT_CONNECTED' while not joined, sending nothing", async () => {
    const harness = await connectedClient();
    const { conference } = await aliceJoins(harness);
    const leaving = conference.leave();
    harness.socket.receive(notificationMessage(Notification.playFinished, 'room1'));
    harness.socket.receive(notificationMessage(Notification.publishFinished, 'alice'));
    await leaving;
    const sent = harness.socket.messages().length;
    await assert.rejects(conference.setReceiving('bob', false), (e) => isRelayError(e, 'NOT_CONNECTED'));
    await assert.rejects(conference.setVideoPage(0, 2), (e) => isRelayError(e, 'NOT_CONNECTED'));
    assert.equal(harness.socket.messages().length, sent);
  });

  it('active speaker: the participant whose received audio is loudest, from the room play\'s stats; cleared after a quiet spell', async () => {
    const harness = await connectedClient();
    const { conference, player } = await aliceJoins(harness);
    const speakers: Array<string | null> = [];
    conference.on('activeSpeaker', (id) => speakers.push(id));
    player.stats = [{ id: 'a', type: 'inbound-rtp', kind: 'audio', trackIdentifier: 'bob-a', audioLevel: 0.4, timestamp: 0 }];
    harness.scheduler.advance(500);
    await flush();
    assert.deepEqual(speakers, ['bob']);
    player.stats = [{ id: 'a', type: 'inbound-rtp', kind: 'audio', trackIdentifier: 'bob-a', audioLevel: 0.001, timestamp: 0 }];
    for (let i = 0; i < 3; i++) {
      harness.scheduler.advance(500);
      await flush();
    }
    assert.deepEqual(speakers, ['bob', null]);
  });

  it("room messages: send() goes on our publish channel; others' messages arrive, server events do not", async () => {
    const harness = await connectedClient();
    const { conference, player } = await aliceJoins(harness);
    const publishChannel = harness.peers.peers[0]!.channels[0]!;
    publishChannel.open();
    await conference.sendJSON({ text: 'hello' });
    assert.deepEqual(publishChannel.sent, ['{"text":"hello"}']);

    const received: unknown[] = [];
    conference.on('message', (m) => received.push(m.data));
    const roomChannel = player.emitDataChannel('room1');
    roomChannel.receive('{"eventType":"TRACK_LIST_UPDATED","streamId":"room1"}');
    roomChannel.receive('hi from bob');
    assert.deepEqual(received, ['hi from bob']);
  });

  it('leave: stop the room play and our publish, everyone reported left; join() again rejoins', async () => {
    const harness = await connectedClient();
    const { conference } = await aliceJoins(harness);
    const seen = record(conference);
    const leaving = conference.leave();
    assert.deepEqual(harness.socket.messages().slice(-2), [
      { command: 'stop', streamId: 'room1' },
      { command: 'stop', streamId: 'alice' },
    ]);
    harness.socket.receive(notificationMessage(Notification.playFinished, 'room1'));
    harness.socket.receive(notificationMessage(Notification.publishFinished, 'alice'));
    await leaving;
    assert.equal(conference.state, 'left');
    assert.deepEqual(seen, ['left:bob']);

    const rejoining = conference.join();
    assert.equal(harness.socket.messages().at(-1)?.command, 'publish');
    harness.socket.receive(startMessage('alice'));
    await flush();
    harness.socket.receive(notificationMessage(Notification.publishStarted, 'alice'));
    await flush();
    assert.deepEqual(harness.socket.messages().at(-1), { command: 'play', streamId: 'room1', room: 'room1', userPublishId: 'alice' });
    harness.socket.receive(notificationMessage(Notification.playStarted, 'room1'));
    await rejoining;
    assert.equal(conference.state, 'joined');
  });

  it('a refused publish rejects join with the coded error and sends no play', async () => {
    const harness = await connectedClient();
    const joining = harness.client.joinConference('room1', null, { streamId: 'alice' });
    harness.socket.receive({ command: 'error', definition: 'streamIdInUse', streamId: 'alice' });
    await assert.rejects(joining, (e) => isRelayError(e, 'STREAM_ID_IN_USE'));
    assert.deepEqual(harness.socket.commands(), ['publish']);
  });
});
