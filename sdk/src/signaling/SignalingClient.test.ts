import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isRelayError } from '../core/errors.js';
import { stopCommand, type ServerMessage } from '../protocol/index.js';
import { FakeScheduler } from '../testing/FakeScheduler.js';
import { fakeWebSocketFactory, type FakeWebSocket } from '../testing/FakeWebSocket.js';
import { SignalingClient, type SignalingCloseInfo } from './SignalingClient.js';

const URL = 'ws://relay.test/LiveApp/websocket';

function arrange() {
  const sockets = fakeWebSocketFactory();
  const scheduler = new FakeScheduler();
  const signaling = new SignalingClient({ url: URL, WebSocket: sockets.WebSocket, scheduler });
  return { signaling, sockets, scheduler };
}

async function connected(): Promise<ReturnType<typeof arrange> & { socket: FakeWebSocket }> {
  const arranged = arrange();
  const connecting = arranged.signaling.connect();
  const socket = arranged.sockets.last();
  socket.open();
  await connecting;
  return { ...arranged, socket };
}

describe('SignalingClient: connecting', () => {
  it('resolves connect() when the socket opens, and shares one attempt between callers', async () => {
    const { signaling, sockets } = arrange();
    const a = signaling.connect();
    const b = signaling.connect();
    assert.equal(signaling.state, 'connecting');
    sockets.last().open();
    await Promise.all([a, b]);
    assert.equal(sockets.sockets.length, 1);
    assert.equal(sockets.last().url, URL);
    assert.equal(signaling.state, 'open');
  });

  it("rejects connect() with 'SIGNALING_FAILED' when the socket closes before opening", async () => {
    const { signaling, sockets } = arrange();
    const connecting = signaling.connect();
    sockets.last().drop(1006);
    await assert.rejects(connecting, (e) => isRelayError(e, 'SIGNALING_FAILED') && e.message.includes(URL));
  });

  it("rejects connect() with 'TIMEOUT' and drops the half-open socket", async () => {
    const { signaling, sockets, scheduler } = arrange();
    const connecting = signaling.connect({ timeoutMs: 500 });
    scheduler.advance(500);
    await assert.rejects(connecting, (e) => isRelayError(e, 'TIMEOUT'));
    assert.ok(sockets.last().closedWith);
    assert.equal(signaling.state, 'closed');
  });

  it("rejects connect() with 'WEBSOCKET_UNSUPPORTED' where there is no WebSocket", async () => {
    const signaling = new SignalingClient({ url: URL, WebSocket: undefined });
    if ((globalThis as { WebSocket?: unknown }).WebSocket) return; // Node 22+ has a global WebSocket
    await assert.rejects(signaling.connect(), (e) => isRelayError(e, 'WEBSOCKET_UNSUPPORTED'));
  });
});

describe('SignalingClient: messages', () => {
  it('sends JSON built by the protocol module', async () => {
    const { signaling, socket } = await connected();
    signaling.send(stopCommand('s1'));
    assert.deepEqual(socket.sent, ['{"command":"stop","streamId":"s1"}']);
  });

  it("throws 'NOT_CONNECTED' when sending before connect()", () => {
    const { signaling } = arrange();
    assert.throws(() => signaling.send(stopCommand('s1')), (e) => isRelayError(e, 'NOT_CONNECTED'));
  });

  it('pings every 3 s while open, and stops pinging once closed', async () => {
    const { signaling, socket, scheduler } = await connected();
    scheduler.advance(2999);
    assert.equal(socket.sent.length, 0);
    scheduler.advance(1);
    scheduler.advance(3000);
    assert.deepEqual(socket.sent, ['{"command":"ping"}', '{"command":"ping"}']);
    signaling.close();
    scheduler.advance(10_000);
    assert.equal(socket.sent.length, 2);
  });

  it('emits each valid message as `message` and as its own command event', async () => {
    const { signaling, socket } = await connected();
    const all: string[] = [];
    const starts: string[] = [];
    signaling.on('message', (m) => all.push(m.command));
    signaling.on('start', (m) => starts.push(m.streamId));
    socket.receive({ command: 'start', streamId: 's1' });
    socket.receive({ command: 'pong' });
    assert.deepEqual(all, ['start', 'pong']);
    assert.deepEqual(starts, ['s1']);
  });

  it('ignores unknown commands, invalid frames and binary frames', async () => {
    const { signaling, socket } = await connected();
    const all: ServerMessage[] = [];
    signaling.on('message', (m) => all.push(m));
    socket.receive({ command: 'somethingNew', streamId: 's1' });
    socket.receive('not json');
    socket.receive({ command: 'takeConfiguration', streamId: 's1' }); // no sdp
    socket.onmessage?.({ data: new ArrayBuffer(4) });
    socket.receive({ command: 'notification', definition: 'play_started', streamId: 's1', extra: 1 });
    assert.equal(all.length, 1);
    assert.deepEqual(all[0], { command: 'notification', definition: 'play_started', streamId: 's1', extra: 1 });
  });

  it('keeps delivering to other listeners when one throws', async () => {
    const { signaling, socket } = await connected();
    let delivered = 0;
    signaling.on('pong', () => {
      throw new Error('listener bug');
    });
    signaling.on('pong', () => delivered++);
    socket.receive({ command: 'pong' });
    assert.equal(delivered, 1);
  });
});

describe('SignalingClient: waitFor', () => {
  it('resolves with the first message matching the predicate', async () => {
    const { signaling, socket } = await connected();
    const waiting = signaling.waitFor((m) => m.command === 'notification' && m.streamId === 'b');
    socket.receive({ command: 'notification', definition: 'play_started', streamId: 'a' });
    socket.receive({ command: 'notification', definition: 'play_started', streamId: 'b' });
    assert.deepEqual(await waiting, { command: 'notification', definition: 'play_started', streamId: 'b' });
  });

  it("rejects with 'TIMEOUT', 'ABORTED' or 'SIGNALING_CLOSED'", async () => {
    const { signaling, socket, scheduler } = await connected();
    const timed = signaling.waitFor(() => false, { timeoutMs: 100 });
    scheduler.advance(100);
    await assert.rejects(timed, (e) => isRelayError(e, 'TIMEOUT'));

    const controller = new AbortController();
    const aborted = signaling.waitFor(() => false, { signal: controller.signal });
    controller.abort();
    await assert.rejects(aborted, (e) => isRelayError(e, 'ABORTED'));

    const closed = signaling.waitFor(() => false);
    socket.drop(1001, 'going away');
    await assert.rejects(closed, (e) => isRelayError(e, 'SIGNALING_CLOSED') && /going away/.test(e.message));
  });
});

describe('SignalingClient: closing', () => {
  it("emits 'close' with a SIGNALING_CLOSED error when the server drops the socket", async () => {
    const { signaling, socket } = await connected();
    const closes: SignalingCloseInfo[] = [];
    signaling.on('close', (info) => closes.push(info));
    socket.drop(1006);
    assert.equal(closes.length, 1);
    assert.equal(closes[0]?.local, false);
    assert.equal(closes[0]?.error?.code, 'SIGNALING_CLOSED');
    assert.equal(signaling.state, 'closed');
  });

  it("emits 'close' without an error when closed locally, and closes the socket", async () => {
    const { signaling, socket } = await connected();
    const closes: SignalingCloseInfo[] = [];
    signaling.on('close', (info) => closes.push(info));
    signaling.close();
    signaling.close();
    assert.equal(closes.length, 1);
    assert.equal(closes[0]?.local, true);
    assert.equal(closes[0]?.error, undefined);
    assert.equal(socket.closedWith?.code, 1000);
  });
});
