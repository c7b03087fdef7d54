/** RelayClient: argument checks, routing by streamId, and what a closing WebSocket does. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isRelayError, type RelayError } from '../core/errors.js';
import { ErrorDefinition, errorMessage, Notification, notificationMessage, startMessage } from '../protocol/index.js';
import { RelayClient } from '../RelayClient.js';
import { connectedClient, TEST_URL } from '../testing/clientHarness.js';
import { fakeMediaStream, flush } from '../testing/FakePeer.js';
import { fakeWebSocketFactory } from '../testing/FakeWebSocket.js';

describe('RelayClient: arguments', () => {
  it('needs a ws:// or wss:// url', () => {
    assert.throws(() => new RelayClient({ url: 'http://x/' }), { name: 'TypeError', message: /a ws:\/\/ or wss:\/\/ URL, not "http:\/\/x\/"/ });
    assert.throws(() => new RelayClient(undefined as never), TypeError);
  });

  it("refuses an invalid stream id with 'INVALID_STREAM_NAME' and an empty one with 'NO_STREAM_NAME_SPECIFIED', before sending anything", async () => {
    const { client, socket } = await connectedClient();
    await assert.rejects(client.play('bad id!'), (e) => isRelayError(e, 'INVALID_STREAM_NAME'));
    await assert.rejects(client.play(''), (e) => isRelayError(e, 'NO_STREAM_NAME_SPECIFIED'));
    await assert.rejects(client.play(7 as never), TypeError);
    await assert.rejects(client.publish('s1', undefined as never), TypeError);
    assert.deepEqual(socket.commands(), []);
  });

  it("refuses to publish before connect() with 'NOT_CONNECTED'", async () => {
    const sockets = fakeWebSocketFactory();
    const client = new RelayClient({ url: TEST_URL, WebSocket: sockets.WebSocket });
    await assert.rejects(client.publish('s1', fakeMediaStream()), (e) => isRelayError(e, 'NOT_CONNECTED'));
  });

  it("refuses a second session for the same stream id on one client", async () => {
    const { client } = await connectedClient();
    void client.publish('s1', fakeMediaStream()).catch(() => undefined);
    await assert.rejects(client.publish('s1', fakeMediaStream()), (e) => isRelayError(e, 'ALREADY_PUBLISHING'));
    await assert.rejects(client.play('s1'), (e) => isRelayError(e, 'ALREADY_PUBLISHING'));
  });

  it("rejects with 'WEBRTC_UNSUPPORTED' (not a TypeError) where RTCPeerConnection is missing, sending nothing", async () => {
    const sockets = fakeWebSocketFactory();
    const client = new RelayClient({ url: TEST_URL, WebSocket: sockets.WebSocket }); // default peer factory
    const connecting = client.connect();
    sockets.last().open();
    await connecting;
    await assert.rejects(client.play('s1'), (e) => isRelayError(e, 'WEBRTC_UNSUPPORTED'));
    await assert.rejects(client.publish('s2', fakeMediaStream()), (e) => isRelayError(e, 'WEBRTC_UNSUPPORTED'));
    assert.deepEqual(sockets.last().commands(), []);
    // The failed sessions are released: a retry is not refused as a duplicate.
    await assert.rejects(client.play('s1'), (e) => isRelayError(e, 'WEBRTC_UNSUPPORTED'));
    client.close();
  });
});

describe('RelayClient: routing', () => {
  it('routes by streamId: two sessions do not see each other’s messages', async () => {
    const { client, socket, peers } = await connectedClient();
    const a = client.publish('a', fakeMediaStream());
    const b = client.publish('b', fakeMediaStream());
    socket.receive(startMessage('b'));
    await flush();
    assert.deepEqual(peers.peers.map((p) => p.calls.includes('createOffer')), [false, true]);
    socket.receive(errorMessage(ErrorDefinition.alreadyPublishing, 'a'));
    await assert.rejects(a, (e) => isRelayError(e, 'ALREADY_PUBLISHING'));
    socket.receive(notificationMessage(Notification.publishStarted, 'b'));
    assert.equal((await b).state, 'publishing');
  });

  it("emits server errors and notifications that name no session on the client", async () => {
    const { client, socket } = await connectedClient();
    const errors: RelayError[] = [];
    const notices: string[] = [];
    client.on('error', (e) => errors.push(e));
    client.on('notification', (n) => notices.push(n.definition));
    socket.receive({ command: 'error', definition: 'not_initialized_yet' });
    socket.receive(notificationMessage(Notification.streamingStarted, 'later'));
    assert.deepEqual(errors.map((e) => [e.code, e.definition]), [['UNKNOWN_SERVER_ERROR', 'not_initialized_yet']]);
    assert.deepEqual(notices, ['streaming_started']);
  });
});

describe('RelayClient: answers to queries', () => {
  it('a server error that refuses a pending query rejects it and is not reported again as a client error', async () => {
    const { client, socket } = await connectedClient();
    const errors: string[] = [];
    client.on('error', (e) => errors.push(e.code));
    const asking = client.rooms.getBroadcastObject('gone');
    socket.receive(errorMessage(ErrorDefinition.noStreamExist, 'gone'));
    await assert.rejects(asking, (e) => isRelayError(e, 'NO_STREAM_EXIST'));
    socket.receive(errorMessage(ErrorDefinition.noStreamExist, 'gone')); // nobody asked this time
    assert.deepEqual(errors, ['NO_STREAM_EXIST']);
  });
});

describe('RelayClient: closing', () => {
  it('close() stops every session, closes the socket and emits close', async () => {
    const { client, socket, peers } = await connectedClient();
    const pending = client.play('s1');
    let closed = 0;
    client.on('close', () => closed++);
    client.close();
    await assert.rejects(pending, (e) => isRelayError(e, 'ABORTED'));
    assert.deepEqual(socket.commands(), ['play', 'stop']);
    assert.ok(socket.closedWith);
    assert.ok(peers.last().closed);
    assert.equal(closed, 1);
    assert.equal(client.connected, false);
  });

  it("with reconnect off, fails active sessions with 'SIGNALING_CLOSED' when the server drops the socket", async () => {
    const { client, socket } = await connectedClient({ reconnect: false });
    const playing = client.play('s1');
    socket.receive({ command: 'takeConfiguration', streamId: 's1', type: 'offer', sdp: 'x' });
    await flush();
    socket.receive(notificationMessage(Notification.playStarted, 's1'));
    const player = await playing;
    const errors: string[] = [];
    player.on('error', (e) => errors.push(e.code));
    socket.drop(1006);
    assert.deepEqual(errors, ['SIGNALING_CLOSED']);
    assert.equal(player.state, 'failed');
  });
});
