/** Publisher state machine over a fake WebSocket and a fake peer: the exact commands on the wire. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isRelayError, type RelayError } from '../core/errors.js';
import type { PublisherState } from '../Publisher.js';
import {
  ErrorDefinition,
  errorMessage,
  Notification,
  notificationMessage,
  startMessage,
  takeCandidateMessage,
  takeConfigurationMessage,
} from '../protocol/index.js';
import { answerPublish, connectedClient, publishOn } from '../testing/clientHarness.js';
import { FAKE_OFFER, fakeMediaStream, flush } from '../testing/FakePeer.js';

const CANDIDATE = 'candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host';

describe('Publisher: publish flow (client offers)', () => {
  it('publish → start → offer → answer → candidates → publish_started resolves', async () => {
    const { client, socket, peers } = await connectedClient();
    let resolved = false;
    const publishing = client.publish('stream1', fakeMediaStream()).then((p) => ((resolved = true), p));

    assert.deepEqual(socket.messages(), [{ command: 'publish', streamId: 'stream1', video: true, audio: true }]);
    const peer = peers.last();
    assert.deepEqual(peer.calls, ['addLocalStream', 'createDataChannel:stream1']);
    assert.deepEqual(peer.sendOptions, {
      direction: 'sendonly',
      simulcast: true,
      videoCodec: undefined,
      degradationPreference: 'maintain-resolution',
      maxBitrate: undefined,
    });

    socket.receive(startMessage('stream1'));
    await flush();
    assert.deepEqual(socket.messages()[1], { command: 'takeConfiguration', streamId: 'stream1', type: 'offer', sdp: FAKE_OFFER });

    peer.emitCandidate({ candidate: CANDIDATE, sdpMLineIndex: 0, sdpMid: '0' });
    assert.deepEqual(socket.messages()[2], { command: 'takeCandidate', streamId: 'stream1', label: 0, id: '0', candidate: CANDIDATE });

    socket.receive(takeConfigurationMessage('stream1', 'answer', 'answer-sdp'));
    socket.receive(takeCandidateMessage('stream1', 1, '1', 'candidate:srv'));
    await flush();
    assert.deepEqual(peer.calls, ['addLocalStream', 'createDataChannel:stream1', 'createOffer', 'acceptAnswer:answer-sdp']);
    assert.deepEqual(peer.remoteCandidates, [{ candidate: 'candidate:srv', sdpMLineIndex: 1, sdpMid: '1' }]);
    assert.equal(resolved, false, 'must not resolve before publish_started');

    socket.receive(notificationMessage(Notification.publishStarted, 'stream1'));
    const publisher = await publishing;
    assert.equal(publisher.state, 'publishing');
    assert.equal(publisher.streamId, 'stream1');
    assert.deepEqual(socket.commands(), ['publish', 'takeConfiguration:offer', 'takeCandidate']);
  });

  it('stop() sends stop, closes the peer connection and settles on publish_finished', async () => {
    const { client, socket, peers } = await connectedClient();
    const publisher = await publishOn(client, socket, 'stream1');
    const states: PublisherState[] = [];
    publisher.on('state', (s) => states.push(s));

    let stopped = false;
    const stopping = publisher.stop().then(() => (stopped = true));
    assert.deepEqual(socket.messages().at(-1), { command: 'stop', streamId: 'stream1' });
    assert.ok(peers.last().closed);
    assert.deepEqual(states, ['stopped']);
    await flush();
    assert.equal(stopped, false);
    socket.receive(notificationMessage(Notification.publishFinished, 'stream1'));
    await stopping;
    await publisher.stop(); // a second stop is a no-op
    assert.equal(socket.commands().filter((c) => c === 'stop').length, 1);
  });

  it('stop() still resolves when the server never confirms', async () => {
    const { client, socket, scheduler } = await connectedClient();
    const publisher = await publishOn(client, socket, 'stream1');
    const stopping = publisher.stop();
    scheduler.advance(1000);
    await stopping;
    assert.equal(publisher.state, 'stopped');
  });
});

describe('Publisher: the same id again right after stop()', () => {
  it('publish() waits for the server to confirm the stop, so the old publish_finished does not end the new stream', async () => {
    const { client, socket } = await connectedClient();
    const first = await publishOn(client, socket, 'stream1');
    void first.stop();
    const again = client.publish('stream1', fakeMediaStream());
    await flush();
    assert.deepEqual(socket.commands(), ['publish', 'takeConfiguration:offer', 'stop'], 'nothing sent before the stop is confirmed');
    socket.receive(notificationMessage(Notification.publishFinished, 'stream1'));
    await flush();
    assert.deepEqual(socket.commands().slice(3), ['publish']);
    await answerPublish(socket, 'stream1');
    const second = await again;
    assert.equal(second.state, 'publishing');
    assert.equal(client.session('stream1'), second);
  });

  it('publishes anyway when the server never confirms the stop (after STOP_CONFIRM_TIMEOUT_MS)', async () => {
    const { client, socket, scheduler } = await connectedClient();
    const first = await publishOn(client, socket, 'stream1');
    void first.stop();
    void client.publish('stream1', fakeMediaStream()).catch(() => undefined);
    await flush();
    assert.equal(socket.commands().at(-1), 'stop');
    scheduler.advance(1000);
    await flush();
    assert.equal(socket.commands().at(-1), 'publish');
  });

  it('a publish stopped while it waited for that confirmation sends nothing and rejects with ABORTED', async () => {
    const { client, socket } = await connectedClient();
    const first = await publishOn(client, socket, 'stream1');
    void first.stop();
    const again = client.publish('stream1', fakeMediaStream());
    await flush();
    void client.session('stream1')?.stop();
    socket.receive(notificationMessage(Notification.publishFinished, 'stream1'));
    await assert.rejects(again, (e) => isRelayError(e, 'ABORTED'));
    assert.equal(socket.commands().at(-1), 'stop');
    assert.equal(client.session('stream1'), undefined);
  });
});

describe('Publisher: failures', () => {
  it('rejects with the mapped code on an error for its stream, keeping the definition', async () => {
    const { client, socket, peers } = await connectedClient();
    const publishing = client.publish('stream1', fakeMediaStream());
    socket.receive(errorMessage(ErrorDefinition.streamIdInUse, 'other')); // not ours
    socket.receive(errorMessage(ErrorDefinition.streamIdInUse, 'stream1'));
    await assert.rejects(publishing, (e: RelayError) => {
      assert.equal(e.code, 'STREAM_ID_IN_USE');
      assert.equal(e.definition, 'streamIdInUse');
      assert.equal(e.streamId, 'stream1');
      return true;
    });
    assert.ok(peers.last().closed);
    assert.deepEqual(socket.commands(), ['publish'], 'the server refused: no stop needed');
  });

  it("rejects with 'TIMEOUT' when the server never answers, and tells the server to stop", async () => {
    const { client, socket, scheduler } = await connectedClient({ timeoutMs: 2000 });
    const publishing = client.publish('stream1', fakeMediaStream());
    scheduler.advance(2000);
    await assert.rejects(publishing, (e) => isRelayError(e, 'TIMEOUT'));
    assert.deepEqual(socket.commands(), ['publish', 'stop']);
  });

  it("rejects with 'ABORTED' when its signal aborts", async () => {
    const { client } = await connectedClient();
    const controller = new AbortController();
    const publishing = client.publish('stream1', fakeMediaStream(), { signal: controller.signal });
    controller.abort();
    await assert.rejects(publishing, (e) => isRelayError(e, 'ABORTED'));
  });

  it("rejects with 'ABORTED' at once when its signal was aborted before, sending nothing and opening no peer", async () => {
    const { client, socket, peers } = await connectedClient();
    const controller = new AbortController();
    controller.abort();
    const publishing = client.publish('stream1', fakeMediaStream(), { signal: controller.signal });
    await assert.rejects(publishing, (e) => isRelayError(e, 'ABORTED'));
    assert.deepEqual(socket.commands(), []);
    assert.equal(peers.peers.length, 0);
    assert.equal(client.session('stream1'), undefined, 'the id is free again');
  });

  it("rejects with 'ABORTED' when its signal was aborted before, even while that id is open (not ALREADY_PUBLISHING), and leaves the open one alone", async () => {
    const { client, socket } = await connectedClient();
    const open = await publishOn(client, socket, 'stream1');
    const sent = socket.commands().length;
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(client.publish('stream1', fakeMediaStream(), { signal: controller.signal }), (e) => isRelayError(e, 'ABORTED'));
    assert.equal(socket.commands().length, sent);
    assert.equal(client.session('stream1'), open);
    assert.equal(open.state, 'publishing');
  });

  it("rejects with 'NEGOTIATION_FAILED' when the offer cannot be created", async () => {
    const { client, socket, peers } = await connectedClient();
    const publishing = client.publish('stream1', fakeMediaStream());
    peers.last().failNext = new Error('no codecs');
    socket.receive(startMessage('stream1'));
    await assert.rejects(publishing, (e) => isRelayError(e, 'NEGOTIATION_FAILED'));
    assert.deepEqual(socket.commands(), ['publish', 'stop']);
  });

  it("with reconnect off, reports 'ICE_FAILED' through the error event and the 'failed' state once publishing", async () => {
    const { client, socket, peers } = await connectedClient({ reconnect: false });
    const publisher = await publishOn(client, socket, 'stream1');
    const errors: string[] = [];
    publisher.on('error', (e) => errors.push(e.code));
    peers.last().emitState('failed');
    assert.deepEqual(errors, ['ICE_FAILED']);
    assert.equal(publisher.state, 'failed');
  });

  it("fails a pending publish with 'SIGNALING_CLOSED' when the WebSocket drops", async () => {
    const { client, socket } = await connectedClient();
    const publishing = client.publish('stream1', fakeMediaStream());
    socket.drop(1006);
    await assert.rejects(publishing, (e) => isRelayError(e, 'SIGNALING_CLOSED'));
  });

  it('with reconnect off, counts the server stopping the stream as stopped', async () => {
    const { client, socket, peers } = await connectedClient({ reconnect: false });
    const publisher = await publishOn(client, socket, 'stream1');
    socket.receive({ command: 'stop', streamId: 'stream1' });
    assert.equal(publisher.state, 'stopped');
    assert.ok(peers.last().closed);
  });
});
