/** Player state machine over a fake WebSocket and a fake peer: the exact commands on the wire. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isRelayError, type RelayError } from '../core/errors.js';
import type { MediaElementLike } from '../media/attachStream.js';
import type { PlayerState } from '../Player.js';
import {
  ErrorDefinition,
  errorMessage,
  Notification,
  notificationMessage,
  takeCandidateMessage,
  takeConfigurationMessage,
} from '../protocol/index.js';
import { answerPlay, connectedClient } from '../testing/clientHarness.js';
import { FAKE_ANSWER, flush } from '../testing/FakePeer.js';

const OFFER = 'v=0\r\ns=server-offer\r\n';
const ID_MAPPING = { '0': 'ARDAMSastream1', '1': 'ARDAMSvstream1' };

type Harness = Awaited<ReturnType<typeof connectedClient>>;

async function startPlaying({ client, socket }: Harness, streamId: string, options = {}) {
  const playing = client.play(streamId, options);
  socket.receive(takeConfigurationMessage(streamId, 'offer', OFFER, ID_MAPPING));
  await flush();
  socket.receive(notificationMessage(Notification.playStarted, streamId));
  return playing;
}

describe('Player: play flow (server offers)', () => {
  it('play → offer → answer → candidates → play_started resolves', async () => {
    const { client, socket, peers } = await connectedClient();
    let resolved = false;
    const playing = client.play('stream1').then((p) => ((resolved = true), p));
    assert.deepEqual(socket.messages(), [{ command: 'play', streamId: 'stream1' }]);
    const peer = peers.last();
    assert.deepEqual(peer.calls, [], 'a player adds no local tracks');

    socket.receive(takeCandidateMessage('stream1', 0, '0', 'candidate:early'));
    socket.receive(takeConfigurationMessage('stream1', 'offer', OFFER, ID_MAPPING));
    await flush();
    assert.deepEqual(peer.calls, [`acceptOffer:${OFFER}`]);
    assert.deepEqual(socket.messages()[1], { command: 'takeConfiguration', streamId: 'stream1', type: 'answer', sdp: FAKE_ANSWER });
    assert.deepEqual(peer.remoteCandidates, [{ candidate: 'candidate:early', sdpMLineIndex: 0, sdpMid: '0' }]);

    peer.emitCandidate({ candidate: 'candidate:mine', sdpMLineIndex: 1, sdpMid: '1' });
    assert.equal(resolved, false, 'must not resolve before play_started');

    socket.receive(notificationMessage(Notification.playStarted, 'stream1'));
    const player = await playing;
    assert.equal(player.state, 'playing');
    assert.deepEqual(player.idMapping, ID_MAPPING);
    assert.deepEqual(socket.commands(), ['play', 'takeConfiguration:answer', 'takeCandidate']);
  });

  it("rejects with 'NO_STREAM_EXIST' on the server's no_stream_exist, keeping the raw definition", async () => {
    const { client, socket, peers } = await connectedClient();
    const playing = client.play('stream1');
    socket.receive(errorMessage(ErrorDefinition.noStreamExist, 'stream1'));
    await assert.rejects(playing, (e: RelayError) => {
      assert.equal(e.code, 'NO_STREAM_EXIST');
      assert.equal(e.definition, 'no_stream_exist');
      return true;
    });
    assert.ok(peers.last().closed);
    assert.deepEqual(socket.commands(), ['play']);
  });

  it("rejects with 'HIGH_RESOURCE_USAGE' when an overloaded server refuses the play, with the server's reason", async () => {
    const { client, socket, peers } = await connectedClient();
    const playing = client.play('stream1');
    const reason = 'event-loop delay 180 ms over the last 5 s, limit 150 ms; try again later or another server';
    socket.receive(errorMessage(ErrorDefinition.highResourceUsage, 'stream1', reason));
    await assert.rejects(playing, (e: RelayError) => {
      assert.ok(isRelayError(e, 'HIGH_RESOURCE_USAGE'));
      assert.equal(e.definition, 'highResourceUsage');
      assert.equal(e.information, reason);
      assert.equal(e.message, `The server is overloaded (stream 'stream1'): ${reason}`);
      return true;
    });
    assert.ok(peers.last().closed);
    assert.deepEqual(socket.commands(), ['play'], 'a refused play is not stopped: the server made nothing for it');
  });

  it("emits 'ended' and closes on play_finished", async () => {
    const harness = await connectedClient();
    const player = await startPlaying(harness, 'stream1');
    const seen: Array<PlayerState | 'ended'> = [];
    player.on('state', (s) => seen.push(s));
    player.on('ended', () => seen.push('ended'));
    harness.socket.receive(notificationMessage(Notification.playFinished, 'stream1'));
    assert.deepEqual(seen, ['ended', 'ended']);
    assert.equal(player.state, 'ended');
    assert.ok(harness.peers.last().closed);
  });

  it("rejects a pending play with 'STREAM_ENDED' when play_finished comes first", async () => {
    const { client, socket } = await connectedClient();
    const playing = client.play('stream1');
    socket.receive(notificationMessage(Notification.playFinished, 'stream1'));
    await assert.rejects(playing, (e) => isRelayError(e, 'STREAM_ENDED'));
  });

  it('stop() sends stop and ends in stopped, without an ended event', async () => {
    const harness = await connectedClient();
    const player = await startPlaying(harness, 'stream1');
    let ended = false;
    player.on('ended', () => (ended = true));
    const stopping = player.stop();
    harness.socket.receive(notificationMessage(Notification.playFinished, 'stream1'));
    await stopping;
    assert.equal(player.state, 'stopped');
    assert.equal(ended, false);
    assert.deepEqual(harness.socket.commands().at(-1), 'stop');
  });

  it('getStats() returns the peer connection report', async () => {
    const harness = await connectedClient();
    const player = await startPlaying(harness, 'stream1');
    const report = await player.getStats();
    assert.ok(report.has('fake'));
  });
});

describe("Player: the offer's data channel", () => {
  const DATA_OFFER = 'v=0\r\ns=server-offer\r\nm=video 9 UDP/TLS/RTP/SAVPF 96\r\na=mid:0\r\nm=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\na=mid:1\r\n';

  async function playStartedBeforeChannel(harness: Harness) {
    const { client, socket } = harness;
    let resolved = false;
    const playing = client.play('stream1').then((player) => ((resolved = true), player));
    socket.receive(takeConfigurationMessage('stream1', 'offer', DATA_OFFER, ID_MAPPING));
    await flush();
    socket.receive(notificationMessage(Notification.playStarted, 'stream1'));
    await flush();
    return { playing, resolved: () => resolved };
  }

  it('resolves play() once the channel the offer carries is open, even when play_started came first: send() works at once', async () => {
    const harness = await connectedClient();
    const { playing, resolved } = await playStartedBeforeChannel(harness);
    assert.equal(resolved(), false, 'the channel is not open yet');
    const channel = harness.peers.last().emitDataChannel('stream1');
    channel.open();
    const player = await playing;
    assert.equal(player.state, 'playing');
    await player.send('hello');
    assert.deepEqual(channel.sent, ['hello']);
  });

  it('resolves play() without the channel when it has not opened 2 s after play_started', async () => {
    const harness = await connectedClient();
    const { playing, resolved } = await playStartedBeforeChannel(harness);
    harness.scheduler.advance(1_999);
    await flush();
    assert.equal(resolved(), false);
    harness.scheduler.advance(1);
    assert.equal((await playing).state, 'playing');
  });

  it('does not start a player stopped while its channel was awaited', async () => {
    const harness = await connectedClient();
    const { playing } = await playStartedBeforeChannel(harness);
    const rejected = assert.rejects(playing, (error: RelayError) => isRelayError(error, 'ABORTED'));
    const player = harness.client.session('stream1')!;
    void player.stop();
    await rejected;
    harness.peers.last().emitDataChannel('stream1').open();
    harness.scheduler.advance(2_000);
    await flush();
    assert.equal(player.state, 'stopped');
  });
});

describe('Player: showing the stream', () => {
  function fakeElement(refuseUnmuted: boolean) {
    const attempts: boolean[] = [];
    const element: MediaElementLike = {
      srcObject: null,
      muted: false,
      play() {
        attempts.push(this.muted);
        if (refuseUnmuted && !this.muted) return Promise.reject(new DOMException('needs a gesture', 'NotAllowedError'));
        return Promise.resolve();
      },
    };
    return { element, attempts };
  }

  it('attaches the remote stream once and falls back to muted autoplay when refused', async () => {
    const harness = await connectedClient();
    const { element, attempts } = fakeElement(true);
    const playing = harness.client.play('stream1', { video: element });
    const peer = harness.peers.last();
    const stream = { id: 'remote' } as unknown as MediaStream;
    harness.socket.receive(takeConfigurationMessage('stream1', 'offer', OFFER));
    await flush();
    peer.events.safeEmit('track', { track: { kind: 'audio' } as MediaStreamTrack, stream, mid: '0' });
    peer.events.safeEmit('track', { track: { kind: 'video' } as MediaStreamTrack, stream, mid: '1' });
    harness.socket.receive(notificationMessage(Notification.playStarted, 'stream1'));
    const player = await playing;
    await flush();
    assert.equal(player.stream, stream);
    assert.equal(element.srcObject, stream);
    assert.equal(element.muted, true);
    assert.deepEqual(attempts, [false, true]);
    assert.equal(player.attachResult, 'playing-muted');
  });
});

describe('Player: waiting for a stream that is not live yet (waitForStream)', () => {
  async function waitingPlayer() {
    const harness = await connectedClient({ reconnect: { random: () => 0 } });
    const player = await (async () => {
      const playing = harness.client.play('stream1', { waitForStream: true });
      harness.socket.receive(errorMessage(ErrorDefinition.noStreamExist, 'stream1'));
      return playing;
    })();
    const states: PlayerState[] = [];
    player.on('state', (s) => states.push(s));
    return { ...harness, player, states };
  }

  it("resolves in 'waiting' on no_stream_exist, with no peer connection left open", async () => {
    const { player, socket, peers } = await waitingPlayer();
    assert.equal(player.state, 'waiting');
    assert.ok(peers.last().closed);
    assert.deepEqual(socket.commands(), ['play']);
  });

  it("plays at once on streaming_started, reporting 'playing' once", async () => {
    const { player, socket, states } = await waitingPlayer();
    socket.receive(notificationMessage(Notification.streamingStarted, 'stream1'));
    await flush();
    assert.deepEqual(socket.commands(), ['play', 'play'], 'asked again at once, without a stop: the server holds nothing');
    await answerPlay(socket, 'stream1', OFFER, ID_MAPPING);
    assert.equal(player.state, 'playing');
    assert.deepEqual(states, ['playing']);
    assert.deepEqual(socket.commands(), ['play', 'play', 'takeConfiguration:answer']);
  });

  it('asks again every 3 s when nothing announces the stream (an Ant Media server), until it is live', async () => {
    const { player, socket, scheduler } = await waitingPlayer();
    scheduler.advance(2999);
    await flush();
    assert.deepEqual(socket.commands(), ['play']);
    scheduler.advance(1);
    await flush();
    assert.deepEqual(socket.commands(), ['play', 'play']);
    socket.receive(errorMessage(ErrorDefinition.noStreamExist, 'stream1'));
    await flush();
    assert.equal(player.state, 'waiting');
    scheduler.advance(3000);
    await flush();
    assert.deepEqual(socket.commands(), ['play', 'play', 'play']);
    await answerPlay(socket, 'stream1', OFFER, ID_MAPPING);
    assert.equal(player.state, 'playing');
    scheduler.advance(10_000);
    await flush();
    assert.deepEqual(socket.commands(), ['play', 'play', 'play', 'takeConfiguration:answer'], 'no more asking once playing');
  });

  it('stop() ends the wait: no stop on the wire (nothing is playing), no more asking', async () => {
    const { player, socket, scheduler } = await waitingPlayer();
    await player.stop();
    assert.equal(player.state, 'stopped');
    scheduler.advance(10_000);
    socket.receive(notificationMessage(Notification.streamingStarted, 'stream1'));
    await flush();
    assert.deepEqual(socket.commands(), ['play']);
  });

  it('keeps waiting through a lost WebSocket and asks again on the new one', async () => {
    const { player, socket, sockets, states } = await waitingPlayer();
    socket.drop(1006);
    await flush();
    assert.equal(player.state, 'waiting');
    const second = sockets.last();
    second.open();
    await flush();
    assert.deepEqual(second.commands(), ['play']);
    await answerPlay(second, 'stream1', OFFER, ID_MAPPING);
    assert.equal(player.state, 'playing');
    assert.deepEqual(states, ['playing']);
  });

  it('keeps waiting when the server is too busy to take the play as the stream starts, and plays on the next ask', async () => {
    const { player, socket, scheduler } = await waitingPlayer();
    socket.receive(notificationMessage(Notification.streamingStarted, 'stream1'));
    await flush();
    socket.receive(errorMessage(ErrorDefinition.highResourceUsage, 'stream1'));
    await flush();
    assert.equal(player.state, 'waiting');
    scheduler.advance(3_000);
    await flush();
    assert.deepEqual(socket.commands().filter((c) => c === 'play'), ['play', 'play', 'play']);
    await answerPlay(socket, 'stream1');
    assert.equal(player.state, 'playing');
  });

  it('fails when a retry is refused for another reason', async () => {
    const { player, socket } = await waitingPlayer();
    const errors: string[] = [];
    player.on('error', (e) => errors.push(e.code));
    socket.receive(notificationMessage(Notification.streamingStarted, 'stream1'));
    await flush();
    socket.receive(errorMessage(ErrorDefinition.unauthorizedAccess, 'stream1'));
    await flush();
    assert.equal(player.state, 'failed');
    assert.deepEqual(errors, ['UNAUTHORIZED_ACCESS']);
  });

  it('without waitForStream, no_stream_exist still rejects', async () => {
    const { client, socket } = await connectedClient();
    const playing = client.play('stream1', { waitForStream: false });
    socket.receive(errorMessage(ErrorDefinition.noStreamExist, 'stream1'));
    await assert.rejects(playing, (e) => isRelayError(e, 'NO_STREAM_EXIST'));
  });
});
