/** The facade's room and multitrack methods: Ant Media's names, the exact commands, the answers as callbacks. */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import {
  ErrorDefinition,
  errorMessage,
  joinedTheRoomNotification,
  Notification,
  notificationMessage,
  roomInformationMessage,
  startMessage,
  trackListMessage,
} from '../protocol/index.js';
import { adaptor } from '../testing/adaptorHarness.js';
import { installFakeMediaDevices } from '../testing/FakeMedia.js';
import { flush } from '../testing/FakePeer.js';

let devices: ReturnType<typeof installFakeMediaDevices>;
beforeEach(() => (devices = installFakeMediaDevices()));
afterEach(() => devices.restore());

describe('WebRTCAdaptor facade: rooms (multitrack conference, as Ant Media samples use it)', () => {
  it('joinRoom → joinedTheRoom; publish with mainTrack; play(room, token, room) sends room and userPublishId', async () => {
    const { instance, socket, events } = await adaptor();
    instance.joinRoom('room1', 'alice', 'multitrack');
    assert.deepEqual(socket.messages()[0], { command: 'joinRoom', room: 'room1', mainTrack: 'room1', streamId: 'alice', mode: 'multitrack' });
    socket.receive(joinedTheRoomNotification('room1', 'alice', [{ streamId: 'bob', streamName: 'Bob', metaData: '' }], -1));
    await flush();
    const joined = events.find(([info]) => info === 'joinedTheRoom');
    assert.deepEqual((joined?.[1] as { streams: string[] }).streams, ['bob']);

    instance.publish('alice', undefined, '', '', 'Alice', 'room1', '{}');
    assert.deepEqual(socket.messages()[1], { command: 'publish', streamId: 'alice', video: true, audio: true, streamName: 'Alice', metaData: '{}', mainTrack: 'room1' });
    socket.receive(startMessage('alice'));
    await flush();
    socket.receive(notificationMessage(Notification.publishStarted, 'alice'));
    await flush();
    instance.play('room1', '', 'room1');
    assert.deepEqual(socket.messages().at(-1), { command: 'play', streamId: 'room1', token: '', room: 'room1', userPublishId: 'alice' });
  });

  it("Ant Media's conference page: publish with mainTrack, then play the room object-style at once; the room play waits for our publish to make the room", async () => {
    const { instance, socket } = await adaptor();
    instance.publish('alice', '', undefined, undefined, 'Alice', 'room1');
    instance.play({ streamId: 'room1', token: '' });
    assert.deepEqual(socket.messages().at(-1), { command: 'play', streamId: 'room1', token: '', userPublishId: 'alice' }, 'our own tracks left out, as the official SDK asks');
    socket.receive(errorMessage(ErrorDefinition.noStreamExist, 'room1'));
    socket.receive(startMessage('alice'));
    await flush();
    socket.receive(notificationMessage(Notification.publishStarted, 'alice'));
    socket.receive(notificationMessage(Notification.streamingStarted, 'room1'));
    await flush();
    assert.deepEqual(socket.messages().filter((m) => m.command === 'play').length, 2, 'the room is played again once it exists');
  });

  it("passes play's enableTracks as trackList, and the object form's disableTracksByDefault (playStream too)", async () => {
    const { instance, socket } = await adaptor();
    instance.play('room1', '', 'room1', ['bob', '!carol']);
    assert.deepEqual(socket.messages().at(-1), { command: 'play', streamId: 'room1', token: '', room: 'room1', trackList: ['bob', '!carol'] });
    instance.playStream({ streamId: 'room2', roomId: 'room2', disableTracksByDefault: true });
    assert.deepEqual(socket.messages().at(-1), { command: 'play', streamId: 'room2', room: 'room2', disableTracksByDefault: true });
  });

  it('queries send Ant Media\'s commands; answers and errors reach callback/callbackError once', async () => {
    const { instance, socket, events, errors } = await adaptor();
    instance.getRoomInfo('room1', 'alice');
    instance.getSubtracks('room1', 'host', 0, 10);
    instance.getSubtrackCount('room1', '', 'broadcasting');
    instance.getSubscriberCount('room1');
    instance.getBroadcastObject('bob');
    instance.updateStreamMetaData('alice', '{"isMicMuted":true}');
    instance.setMaxVideoTrackCount('room1', 2);
    instance.assignVideoTrack('videoTrack0', 'bob', true);
    instance.requestVideoTrackAssignments('room1');
    assert.deepEqual(socket.messages(), [
      { command: 'getRoomInfo', room: 'room1', streamId: 'alice' },
      { command: 'getSubtracks', streamId: 'room1', role: 'host', offset: 0, size: 10 },
      { command: 'getSubtracksCount', streamId: 'room1', role: '', status: 'broadcasting' },
      { command: 'getSubscriberCount', streamId: 'room1' },
      { command: 'getBroadcastObject', streamId: 'bob' },
      { command: 'updateStreamMetaData', streamId: 'alice', metaData: '{"isMicMuted":true}' },
      { command: 'setMaxVideoTrackCountCommand', streamId: 'room1', maxTrackCount: 2 },
      { command: 'assignVideoTrackCommand', streamId: 'bob', enabled: true, videoTrackId: 'videoTrack0' },
      { command: 'getVideoTrackAssignmentsCommand', streamId: 'room1' },
    ]);
    socket.receive(roomInformationMessage('room1', [{ streamId: 'bob', streamName: 'Bob', metaData: '' }]));
    socket.receive(errorMessage(ErrorDefinition.noActiveStreamsInRoom, 'room1'));
    await flush();
    assert.deepEqual(events.find(([info]) => info === 'roomInformation')?.[1], roomInformationMessage('room1', [{ streamId: 'bob', streamName: 'Bob', metaData: '' }]));
    assert.deepEqual(errors.map(([name]) => name), ['no_active_streams_in_room']);
  });

  it("multitrack controls send Ant Media's commands; getTracks' trackList reaches callback, its error callbackError, once each", async () => {
    const { instance, socket, events, errors } = await adaptor();
    instance.getTracks('room1', 'tok');
    instance.getTracks('s1');
    instance.enableTrack('room1', 'bob', false);
    instance.toggleVideo('s1', 's1', false);
    instance.toggleAudio('room1', 'bob', true);
    instance.toggleVideo('s1', '', true);
    instance.updateVideoTrackAssignments('room1', 2, 4);
    assert.deepEqual(socket.messages(), [
      { command: 'getTrackList', streamId: 'room1', token: 'tok' },
      { command: 'getTrackList', streamId: 's1' },
      { command: 'enableTrack', streamId: 'room1', trackId: 'bob', enabled: false },
      { command: 'toggleVideo', streamId: 's1', trackId: 's1', enabled: false },
      { command: 'toggleAudio', streamId: 'room1', trackId: 'bob', enabled: true },
      { command: 'toggleVideo', streamId: 's1', enabled: true },
      { command: 'updateVideoTrackAssignmentsCommand', streamId: 'room1', offset: 2, size: 4 },
    ]);
    socket.receive(trackListMessage('room1', ['bob', 'carol']));
    socket.receive(errorMessage(ErrorDefinition.noStreamExist, 's1'));
    await flush();
    assert.deepEqual(events.filter(([info]) => info === 'trackList'), [['trackList', { command: 'trackList', streamId: 'room1', trackList: ['bob', 'carol'] }]]);
    assert.deepEqual(errors.map(([name]) => name), ['no_stream_exist']);
  });

  it('leaveFromRoom stops every stream of the adaptor, then sends leaveFromRoom', async () => {
    const { instance, socket } = await adaptor();
    instance.publish('alice', undefined, '', '', '', 'room1');
    socket.receive(startMessage('alice'));
    await flush();
    socket.receive(notificationMessage(Notification.publishStarted, 'alice'));
    await flush();
    instance.leaveFromRoom('room1', 'alice');
    assert.deepEqual(socket.messages().slice(-2), [
      { command: 'stop', streamId: 'alice' },
      { command: 'leaveFromRoom', room: 'room1', mainTrack: 'room1', streamId: 'alice' },
    ]);
  });
});
