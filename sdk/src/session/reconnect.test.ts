/**
 * Reconnection over a fake WebSocket, fake peers and a fake clock: what goes
 * on the wire after a dropped socket, a failed ICE connection or a refused
 * ICE restart, and when the SDK gives up.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ErrorDefinition,
  errorMessage,
  Notification,
  notificationMessage,
  takeConfigurationMessage,
} from '../protocol/index.js';
import type { RelayClient } from '../RelayClient.js';
import { answerPlay, answerPublish, connectedClient, publishOn } from '../testing/clientHarness.js';
import { flush } from '../testing/FakePeer.js';
import type { FakeWebSocket } from '../testing/FakeWebSocket.js';

type Harness = Awaited<ReturnType<typeof connectedClient>>;

/** No jitter: delays are exactly 0, 500, 1000, 2000… ms. */
const deterministic = { reconnect: { random: () => 0 } };

async function playOn(client: RelayClient, socket: FakeWebSocket, streamId: string) {
  const playing = client.play(streamId);
  await answerPlay(socket, streamId);
  return playing;
}

function record(h: Harness, session: { on(name: 'state' | 'reconnecting' | 'reconnected', fn: (p: unknown) => void): unknown }) {
  const seen: string[] = [];
  session.on('state', (s) => seen.push(`state:${s}`));
  session.on('reconnecting', (r) => seen.push(`reconnecting:${(r as { attempt: number }).attempt}`));
  session.on('reconnected', () => seen.push('reconnected'));
  h.client.on('reconnected', () => seen.push('client:reconnected'));
  return seen;
}

describe('Reconnection after the WebSocket drops', () => {
  it('reconnects at once and publishes again on the new socket, without a stop', async () => {
    const h = await connectedClient(deterministic);
    const publisher = await publishOn(h.client, h.socket, 'stream1');
    const seen = record(h, publisher);

    h.socket.drop(1006);
    assert.equal(publisher.state, 'reconnecting');
    assert.ok(h.peers.peers[0]!.closed, 'the old peer connection is closed');
    await flush();
    const second = h.sockets.last();
    assert.notEqual(second, h.socket, 'a new WebSocket was opened at once');
    second.open();
    await flush();
    assert.deepEqual(second.commands(), ['publish']);
    await answerPublish(second, 'stream1');

    assert.equal(publisher.state, 'publishing');
    assert.deepEqual(second.commands(), ['publish', 'takeConfiguration:offer']);
    assert.equal(h.peers.peers.length, 2, 'a new peer connection');
    assert.deepEqual(seen, ['state:reconnecting', 'reconnecting:0', 'client:reconnected', 'reconnecting:1', 'state:publishing', 'reconnected']);
  });

  it('backs off between failed connection attempts: 0, 500, 1000 ms', async () => {
    const h = await connectedClient(deterministic);
    await publishOn(h.client, h.socket, 'stream1');
    const delays: number[] = [];
    h.client.on('reconnecting', (r) => delays.push(r.delayMs));
    h.socket.drop(1006);
    await flush();
    h.sockets.last().drop(1006); // server still down
    await flush();
    assert.equal(h.sockets.sockets.length, 2);
    h.scheduler.advance(499);
    await flush();
    assert.equal(h.sockets.sockets.length, 2, 'waits the backoff');
    h.scheduler.advance(1);
    await flush();
    assert.equal(h.sockets.sockets.length, 3);
    h.sockets.last().drop(1006);
    await flush();
    h.scheduler.advance(1000);
    await flush();
    assert.equal(h.sockets.sockets.length, 4);
    assert.deepEqual(delays, [0, 0, 500, 1000]);
  });

  /** A player of stream1 whose socket dropped; the client's second socket has just opened. */
  async function playerOnSecondSocket() {
    const h = await connectedClient(deterministic);
    const player = await playOn(h.client, h.socket, 'stream1');
    const seen = record(h, player);
    h.socket.drop(1006);
    await flush();
    const second = h.sockets.last();
    second.open();
    await flush();
    return { h, player, seen, second };
  }

  it('plays again, waiting for the stream after no_stream_exist until streaming_started', async () => {
    const { player, seen, second } = await playerOnSecondSocket();
    second.receive(errorMessage(ErrorDefinition.noStreamExist, 'stream1'));
    await flush();
    assert.equal(player.state, 'reconnecting', 'the publisher is not back yet');
    second.receive(notificationMessage(Notification.streamingStarted, 'stream1'));
    await flush();
    await answerPlay(second, 'stream1');
    assert.equal(player.state, 'playing');
    assert.deepEqual(second.commands(), ['play', 'play', 'takeConfiguration:answer'], 'no stop: the server refused the first play');
    assert.deepEqual(seen.slice(-2), ['state:playing', 'reconnected']);
  });

  it('plays again after the backoff when an overloaded server answers highResourceUsage', async () => {
    const { h, player, seen, second } = await playerOnSecondSocket();
    second.receive(errorMessage(ErrorDefinition.highResourceUsage, 'stream1', 'the server is overloaded'));
    await flush();
    assert.equal(player.state, 'reconnecting');
    assert.deepEqual(second.commands(), ['play'], 'no retry before the backoff');
    h.scheduler.advance(1000);
    await flush();
    assert.deepEqual(second.commands(), ['play', 'play'], 'asked again once the backoff passed');
    await answerPlay(second, 'stream1');
    assert.equal(player.state, 'playing');
    assert.ok(seen.some((s) => /^reconnecting:[1-9]/.test(s)), 'the refusal counted as a failed attempt');
  });

  it("gives up with 'RECONNECT_FAILED' when the policy says so, failing the streams", async () => {
    const h = await connectedClient({ reconnect: { random: () => 0, maxAttempts: 2 } });
    const publisher = await publishOn(h.client, h.socket, 'stream1');
    const errors: string[] = [];
    publisher.on('error', (e) => errors.push(e.code));
    h.socket.drop(1006);
    await flush();
    h.sockets.last().drop(1006);
    await flush();
    h.scheduler.advance(500);
    await flush();
    h.sockets.last().drop(1006);
    await flush();
    assert.equal(publisher.state, 'failed');
    assert.deepEqual(errors, ['RECONNECT_FAILED']);
  });

  it('stop() while reconnecting ends the stream and the retries', async () => {
    const h = await connectedClient(deterministic);
    const publisher = await publishOn(h.client, h.socket, 'stream1');
    h.socket.drop(1006);
    await publisher.stop();
    assert.equal(publisher.state, 'stopped');
    await flush();
    h.sockets.last().open();
    await flush();
    assert.deepEqual(h.sockets.last().commands(), [], 'nothing is published again');
  });

  it('treats a socket that stops answering pings as dropped', async () => {
    const h = await connectedClient(deterministic);
    await publishOn(h.client, h.socket, 'stream1');
    let reconnecting = 0;
    h.client.on('reconnecting', () => reconnecting++);
    h.scheduler.advance(3000 * 4);
    assert.equal(reconnecting, 0, 'four unanswered pings are tolerated');
    h.scheduler.advance(3000);
    await flush();
    assert.ok(reconnecting > 0);
    assert.ok(h.socket.closedWith, 'the dead socket is closed');
  });
});

describe('Recovery while the WebSocket stays up', () => {
  it('restarts ICE first: a new offer on the same connection, no re-publish', async () => {
    const h = await connectedClient(deterministic);
    const publisher = await publishOn(h.client, h.socket, 'stream1');
    const seen = record(h, publisher);
    const peer = h.peers.last();
    peer.emitState('failed');
    await flush();
    assert.equal(peer.calls.at(-1), 'createOffer:iceRestart');
    assert.deepEqual(h.socket.commands().slice(-1), ['takeConfiguration:offer']);
    h.socket.receive(takeConfigurationMessage('stream1', 'answer', 'restart-answer'));
    await flush();
    peer.emitState('connected');
    await flush();
    assert.equal(h.peers.peers.length, 1, 'the same peer connection');
    assert.deepEqual(seen, ['state:reconnecting', 'reconnecting:0', 'reconnected']);
  });

  it('an ICE restart begun while connected is done once its answer is applied (Chrome stays connected throughout)', async () => {
    const h = await connectedClient(deterministic);
    const publisher = await publishOn(h.client, h.socket, 'stream1');
    const peer = h.peers.last();
    peer.emitState('connected');
    let done = false;
    void publisher.restartIce()!.then(() => (done = true));
    await flush();
    assert.equal(peer.calls.at(-1), 'createOffer:iceRestart');
    assert.equal(done, false, 'not before the answer');
    h.socket.receive(takeConfigurationMessage('stream1', 'answer', 'restart-answer'));
    await flush();
    assert.equal(done, true);
  });

  it('an ICE restart of a disconnected connection waits for it to be connected again, not just for the answer', async () => {
    const h = await connectedClient(deterministic);
    const publisher = await publishOn(h.client, h.socket, 'stream1');
    const peer = h.peers.last();
    peer.emitState('disconnected');
    let done = false;
    void publisher.restartIce()!.then(() => (done = true));
    await flush();
    h.socket.receive(takeConfigurationMessage('stream1', 'answer', 'restart-answer'));
    await flush();
    assert.equal(done, false, 'still disconnected');
    peer.emitState('connected');
    await flush();
    assert.equal(done, true);
  });

  it('re-publishes (stop, publish) when the server refuses the ICE restart', async () => {
    const h = await connectedClient(deterministic);
    const publisher = await publishOn(h.client, h.socket, 'stream1');
    h.peers.last().emitState('failed');
    await flush();
    h.socket.receive(errorMessage(ErrorDefinition.notSetRemoteDescription, 'stream1', 'renegotiation is not supported'));
    await flush();
    assert.deepEqual(h.socket.commands().slice(-3), ['takeConfiguration:offer', 'stop', 'publish']);
    h.socket.receive(notificationMessage(Notification.publishFinished, 'stream1')); // answers our stop
    await answerPublish(h.socket, 'stream1');
    assert.equal(publisher.state, 'publishing');
    assert.equal(h.peers.peers.length, 2);
  });

  it('waits out a short ICE disconnection before doing anything', async () => {
    const h = await connectedClient(deterministic);
    const publisher = await publishOn(h.client, h.socket, 'stream1');
    const peer = h.peers.last();
    const sent = h.socket.commands().length;
    peer.emitState('disconnected');
    h.scheduler.advance(3999);
    peer.emitState('connected');
    h.scheduler.advance(5000);
    await flush();
    assert.equal(h.socket.commands().length, sent);
    assert.equal(publisher.state, 'publishing');
    peer.emitState('disconnected');
    h.scheduler.advance(4000);
    await flush();
    assert.equal(peer.calls.at(-1), 'createOffer:iceRestart');
  });

  it('a player cannot restart ICE (the server offers): it stops and plays again', async () => {
    const h = await connectedClient(deterministic);
    const player = await playOn(h.client, h.socket, 'stream1');
    h.peers.last().emitState('failed');
    await flush();
    assert.deepEqual(h.socket.commands().slice(-2), ['stop', 'play']);
    h.socket.receive(notificationMessage(Notification.playFinished, 'stream1')); // answers our stop: not 'ended'
    await answerPlay(h.socket, 'stream1');
    assert.equal(player.state, 'playing');
  });

  it('re-publishes when the server finishes a live stream on its own', async () => {
    const h = await connectedClient(deterministic);
    const publisher = await publishOn(h.client, h.socket, 'stream1');
    h.socket.receive(notificationMessage(Notification.publishFinished, 'stream1'));
    await flush();
    assert.equal(publisher.state, 'reconnecting');
    assert.deepEqual(h.socket.commands().slice(-1), ['publish'], 'no stop: the server already ended it');
  });

  it('does not retry what no retry can fix (unauthorized_access)', async () => {
    const h = await connectedClient(deterministic);
    const publisher = await publishOn(h.client, h.socket, 'stream1');
    h.socket.receive(notificationMessage(Notification.publishFinished, 'stream1'));
    await flush();
    h.socket.receive(errorMessage(ErrorDefinition.unauthorizedAccess, 'stream1'));
    await flush();
    assert.equal(publisher.state, 'failed');
  });
});
