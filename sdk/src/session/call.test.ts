/** PeerCall over a fake WebSocket and fake peers: the exact peer-to-peer commands on the wire (§4.4.3). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Notification, notificationMessage, peerMessageCommandMessage, startMessage, stopMessage, takeConfigurationMessage } from '../protocol/index.js';
import { connectedClient } from '../testing/clientHarness.js';
import { FAKE_ANSWER, FAKE_OFFER, fakeMediaStream, flush } from '../testing/FakePeer.js';

type Harness = Awaited<ReturnType<typeof connectedClient>>;

async function joined(h: Harness, media = fakeMediaStream()) {
  const joining = h.client.call('room1', { media });
  assert.deepEqual(h.socket.messages().at(-1), { command: 'join', streamId: 'room1', multiPeer: false, mode: 'both' });
  h.socket.receive(notificationMessage(Notification.joined, 'room1'));
  return joining;
}

describe('PeerCall', () => {
  it('first member: joined → start → offer with its tracks and a data channel → answer → connected', async () => {
    const h = await connectedClient();
    const call = await joined(h);
    assert.equal(call.state, 'waiting');
    h.socket.receive(startMessage('room1'));
    await flush();
    const peer = h.peers.last();
    assert.deepEqual(peer.calls, ['addLocalStream', 'createDataChannel:room1', 'createOffer']);
    assert.equal(peer.sendOptions!.direction, 'sendrecv');
    assert.equal(peer.sendOptions!.simulcast, false);
    h.socket.receive(takeConfigurationMessage('room1', 'answer', 'their-answer', {}));
    await flush();
    peer.emitState('connected');
    assert.equal(call.state, 'connected');
    assert.deepEqual(h.socket.commands(), ['join', 'takeConfiguration:offer']);
  });

  it('second member: answers the offer, adding its own tracks', async () => {
    const h = await connectedClient();
    await joined(h);
    h.socket.receive(takeConfigurationMessage('room1', 'offer', 'their-offer', {}));
    await flush();
    assert.deepEqual(h.peers.last().calls, ['acceptOffer:their-offer:withLocal', 'setDegradationPreference:maintain-resolution']);
    assert.deepEqual(h.socket.messages().at(-1), { command: 'takeConfiguration', streamId: 'room1', type: 'answer', sdp: FAKE_ANSWER });
  });

  it('gives both sides the same video cap and degradation preference (the answerer tunes the sender the offer made)', async () => {
    const h = await connectedClient();
    const joining = h.client.call('room1', { media: fakeMediaStream(), maxBitrateKbps: 800, degradationPreference: 'balanced' });
    h.socket.receive(notificationMessage(Notification.joined, 'room1'));
    await joining;
    h.socket.receive(takeConfigurationMessage('room1', 'offer', 'their-offer', {}));
    await flush();
    assert.deepEqual(h.peers.last().calls, ['acceptOffer:their-offer:withLocal', 'setDegradationPreference:balanced', 'setMaxBitrate:800000']);

    const o = await connectedClient();
    const offering = o.client.call('room2', { media: fakeMediaStream(), maxBitrateKbps: 800 });
    o.socket.receive(notificationMessage(Notification.joined, 'room2'));
    await offering;
    o.socket.receive(startMessage('room2'));
    await flush();
    const { maxBitrate, degradationPreference } = o.peers.last().sendOptions!;
    assert.deepEqual([maxBitrate, degradationPreference], [800_000, 'maintain-resolution']);
  });

  it('relays peer messages both ways', async () => {
    const h = await connectedClient();
    const call = await joined(h);
    const got: unknown[] = [];
    call.on('peerMessage', (m) => got.push(m));
    call.sendPeerMessage('chat', { text: 'hi' });
    h.socket.receive(peerMessageCommandMessage('room1', 'chat', { text: 'hello' }));
    assert.deepEqual(h.socket.messages().at(-1), { command: 'peerMessageCommand', streamId: 'room1', definition: 'chat', data: { text: 'hi' } });
    assert.deepEqual(got, [{ definition: 'chat', data: { text: 'hello' } }]);
  });

  it('waits for the next member when the other leaves (server stop), then offers again on a fresh connection', async () => {
    const h = await connectedClient();
    const call = await joined(h);
    h.socket.receive(startMessage('room1'));
    await flush();
    let left = 0;
    call.on('peerLeft', () => left++);
    h.socket.receive(stopMessage('room1'));
    assert.equal(call.state, 'waiting');
    assert.equal(left, 1);
    assert.ok(h.peers.peers[0]!.closed);
    h.socket.receive(startMessage('room1'));
    await flush();
    assert.deepEqual(h.peers.last().calls, ['addLocalStream', 'createDataChannel:room1', 'createOffer']);
    assert.equal(h.peers.peers.length, 2);
    assert.equal(h.socket.messages().at(-1)!.sdp, FAKE_OFFER);
  });

  it('emits stats again once the next member is connected (the chart of a call went blank after a rejoin)', async () => {
    const h = await connectedClient();
    const call = await joined(h);
    let samples = 0;
    call.on('stats', () => samples++);
    /** A member arrives (the server's start), their connection comes up, and `ms` pass. */
    const memberConnectedFor = async (ms: number) => {
      h.socket.receive(startMessage('room1'));
      await flush();
      h.peers.last().emitState('connected');
      h.scheduler.advance(ms);
      await flush();
    };
    await memberConnectedFor(1000);
    assert.equal(samples, 1);
    h.socket.receive(stopMessage('room1'));
    await memberConnectedFor(2000);
    assert.equal(samples, 3);
  });

  it('hangUp() leaves and settles on leaved', async () => {
    const h = await connectedClient();
    const call = await joined(h);
    const leaving = call.hangUp();
    assert.deepEqual(h.socket.messages().at(-1), { command: 'leave', streamId: 'room1' });
    h.socket.receive(notificationMessage(Notification.leaved, 'room1'));
    await leaving;
    assert.equal(call.state, 'stopped');
  });

  it('rejoins after the WebSocket comes back', async () => {
    const h = await connectedClient({ reconnect: { random: () => 0 } });
    const call = await joined(h);
    h.socket.drop(1006);
    await flush();
    const second = h.sockets.last();
    second.open();
    await flush();
    assert.deepEqual(second.commands(), ['join']);
    second.receive(notificationMessage(Notification.joined, 'room1'));
    await flush();
    assert.equal(call.state, 'waiting');
  });
});
