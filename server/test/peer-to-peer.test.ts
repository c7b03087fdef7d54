/** Peer-to-peer calls (antmedia-protocol.md §4.4.3): the server only relays between the two members. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ProtocolClient } from './helpers/protocolClient.js';
import { startTestServer } from './helpers/testServer.js';

let server: Awaited<ReturnType<typeof startTestServer>>;
let callNumber = 0;

before(async () => {
  server = await startTestServer();
});

after(async () => {
  await server.close();
});

async function twoMembers(): Promise<{ first: ProtocolClient; second: ProtocolClient; streamId: string }> {
  const streamId = `call_${++callNumber}`;
  const first = await ProtocolClient.connect(server.url);
  const second = await ProtocolClient.connect(server.url);
  first.send({ command: 'join', streamId, multiPeer: false, mode: 'both' });
  await first.notification('joined', streamId);
  second.send({ command: 'join', streamId, multiPeer: false, mode: 'both' });
  await second.notification('joined', streamId);
  return { first, second, streamId };
}

describe('peer-to-peer', () => {
  it('tells the first member to start once the second joins', async () => {
    const { first, second, streamId } = await twoMembers();
    const start = await first.next((m) => m.command === 'start');
    assert.deepEqual(start, { command: 'start', streamId });
    assert.equal(second.received.some((m) => m.command === 'start'), false, 'the second member does not offer');
    await Promise.all([first.close(), second.close()]);
  });

  it('relays descriptions (with an empty idMapping), candidates and peer messages both ways', async () => {
    const { first, second, streamId } = await twoMembers();
    first.send({ command: 'takeConfiguration', streamId, type: 'offer', sdp: 'v=0 offer' });
    assert.deepEqual(await second.next((m) => m.command === 'takeConfiguration'), {
      command: 'takeConfiguration', streamId, type: 'offer', sdp: 'v=0 offer', idMapping: {},
    });
    second.send({ command: 'takeConfiguration', streamId, type: 'answer', sdp: 'v=0 answer' });
    assert.equal((await first.next((m) => m.command === 'takeConfiguration')).sdp, 'v=0 answer');

    second.send({ command: 'takeCandidate', streamId, label: 1, id: '1', candidate: 'candidate:1 1 udp 1 127.0.0.1 9 typ host' });
    assert.deepEqual(await first.next((m) => m.command === 'takeCandidate'), {
      command: 'takeCandidate', streamId, label: 1, id: '1', candidate: 'candidate:1 1 udp 1 127.0.0.1 9 typ host',
    });
    first.send({ command: 'peerMessageCommand', streamId, definition: 'hello', data: { n: 1 } });
    assert.deepEqual(await second.next((m) => m.command === 'peerMessageCommand'), {
      command: 'peerMessageCommand', streamId, definition: 'hello', data: { n: 1 },
    });
    await Promise.all([first.close(), second.close()]);
  });

  it('answers leave with leaved and tells the other member to stop', async () => {
    const { first, second, streamId } = await twoMembers();
    first.send({ command: 'leave', streamId });
    await first.notification('leaved', streamId);
    assert.deepEqual(await second.next((m) => m.command === 'stop'), { command: 'stop', streamId });
    second.send({ command: 'peerMessageCommand', streamId, definition: 'anyone?' });
    const error = await second.next((m) => m.command === 'error');
    assert.equal(error.definition, 'no_peer_associated_before');
    await Promise.all([first.close(), second.close()]);
  });

  it('tells the other member to stop when a member disconnects', async () => {
    const { first, second, streamId } = await twoMembers();
    await second.close();
    assert.deepEqual(await first.next((m) => m.command === 'stop'), { command: 'stop', streamId });
    assert.equal(server.context.calls.size, 1, 'the remaining member keeps the call');
    await first.close();
  });

  it('answers a lone member with no_peer_associated_before and refuses a third member', async () => {
    const streamId = `call_${++callNumber}`;
    const lone = await ProtocolClient.connect(server.url);
    lone.send({ command: 'join', streamId });
    await lone.notification('joined', streamId);
    lone.send({ command: 'takeConfiguration', streamId, type: 'offer', sdp: 'v=0' });
    assert.equal((await lone.next((m) => m.command === 'error')).definition, 'no_peer_associated_before');

    const { first, second, streamId: fullCall } = await twoMembers();
    const third = await ProtocolClient.connect(server.url);
    third.send({ command: 'join', streamId: fullCall });
    assert.equal((await third.next((m) => m.command === 'error')).definition, 'streamIdInUse');
    await Promise.all([lone.close(), first.close(), second.close(), third.close()]);
  });
});
