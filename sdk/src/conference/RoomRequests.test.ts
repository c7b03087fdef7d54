/** client.rooms' multitrack requests over a fake WebSocket: the exact commands, and what they settle with. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isRelayError } from '../core/errors.js';
import { ErrorDefinition, errorMessage, trackListMessage } from '../protocol/index.js';
import { connectedClient } from '../testing/clientHarness.js';

describe('client.rooms: track lists and what our play is sent', () => {
  it('getTrackList sends getTrackList and resolves with the trackList answer for that stream', async () => {
    const { client, socket } = await connectedClient();
    const listing = client.rooms.getTrackList('room1', { token: 'tok' });
    const plain = client.rooms.getTrackList('s1');
    assert.deepEqual(socket.messages(), [
      { command: 'getTrackList', streamId: 'room1', token: 'tok' },
      { command: 'getTrackList', streamId: 's1' },
    ]);
    socket.receive(trackListMessage('s1', []));
    socket.receive(trackListMessage('room1', ['bob', 'carol']));
    assert.deepEqual(await listing, ['bob', 'carol']);
    assert.deepEqual(await plain, []);
  });

  it("getTrackList rejects with the coded error the server answers, and with 'NOT_CONNECTED' without a socket", async () => {
    const { client, socket } = await connectedClient({ reconnect: false });
    const listing = client.rooms.getTrackList('nobody');
    socket.receive(errorMessage(ErrorDefinition.noStreamExist, 'nobody'));
    await assert.rejects(listing, (e) => isRelayError(e, 'NO_STREAM_EXIST'));
    socket.drop();
    await assert.rejects(client.rooms.getTrackList('room1'), (e) => isRelayError(e, 'NOT_CONNECTED'));
  });

  it('toggleMedia, enableTrack and updateVideoTrackAssignments send their commands (no answer to wait for)', async () => {
    const { client, socket } = await connectedClient();
    client.rooms.toggleMedia('video', 's1', 's1', false);
    client.rooms.toggleMedia('audio', 'room1', undefined, true);
    client.rooms.enableTrack('room1', 'bob', false);
    client.rooms.updateVideoTrackAssignments('room1', 0, 3);
    assert.deepEqual(socket.messages(), [
      { command: 'toggleVideo', streamId: 's1', trackId: 's1', enabled: false },
      { command: 'toggleAudio', streamId: 'room1', enabled: true },
      { command: 'enableTrack', streamId: 'room1', trackId: 'bob', enabled: false },
      { command: 'updateVideoTrackAssignmentsCommand', streamId: 'room1', offset: 0, size: 3 },
    ]);
  });
});
