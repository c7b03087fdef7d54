import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  broadcastObjectNotification,
  clientCommand,
  joinedTheRoomNotification,
  roomInformationMessage,
  subtrackChangeNotification,
  subtrackListNotification,
} from './build.js';
import { parseDataChannelEvent, trackListUpdatedEvent, videoTrackAssignmentListEvent } from './dataChannelEvents.js';
import { ErrorDefinition } from './definitions.js';
import type { BroadcastInfo } from './serverMessages.js';
import { parseClientMessage, parseServerMessage } from './validate.js';

function accepted(raw: object) {
  const result = parseClientMessage(JSON.stringify(raw));
  assert.ok(result.ok, `expected ${JSON.stringify(raw)} to pass: ${result.ok ? '' : result.violation.information}`);
  return result.message;
}

function refused(raw: object) {
  const result = parseClientMessage(JSON.stringify(raw));
  assert.equal(result.ok, false, `expected ${JSON.stringify(raw)} to be refused`);
  return result.ok ? undefined : result.violation;
}

describe('room commands as the official 2.16 client sends them', () => {
  it('accepts publish with mainTrack and play of the room with userPublishId and an exclusion list', () => {
    accepted({ command: 'publish', streamId: 'alice', token: '', subscriberId: '', subscriberCode: '', streamName: 'Alice', mainTrack: 'room1', video: true, audio: true, metaData: '{"isMicMuted":false}', role: '' });
    const play = accepted({ command: 'play', streamId: 'room1', token: '', room: 'room1', trackList: ['!alice'], subscriberId: '', subscriberCode: '', viewerInfo: '', role: '', userPublishId: 'alice' });
    assert.deepEqual(play.command === 'play' && [play.room, play.userPublishId, play.trackList], ['room1', 'alice', ['!alice']]);
  });

  it('accepts joinRoom with its lower-case metadata, and the 2.5 form with room and streamId only', () => {
    const join = accepted({ command: 'joinRoom', room: 'room1', mainTrack: 'room1', streamId: 'alice', mode: 'multitrack', streamName: 'A', role: 'speaker', metadata: '{"a":1}' });
    assert.equal(join.command === 'joinRoom' && join.metadata, '{"a":1}');
    accepted({ command: 'joinRoom', room: 'room1', streamId: 'alice', mode: 'legacy' });
  });

  it('treats an empty streamId on room commands as absent (the server then makes one up)', () => {
    assert.deepEqual(accepted({ command: 'joinRoom', room: 'room1', streamId: '' }), { command: 'joinRoom', room: 'room1' });
    assert.deepEqual(accepted({ command: 'getRoomInfo', room: 'room1', streamId: '' }), { command: 'getRoomInfo', room: 'room1' });
  });

  it('accepts leaveFromRoom, getRoomInfo and the subtrack and subscriber queries', () => {
    accepted({ command: 'leaveFromRoom', room: 'room1', mainTrack: 'room1', streamId: 'alice' });
    accepted({ command: 'leaveFromRoom', room: 'room1' });
    accepted({ command: 'getRoomInfo', room: 'room1', streamId: 'alice' });
    const page = accepted({ command: 'getSubtracks', streamId: 'room1', role: '', offset: 0, size: 50 });
    assert.deepEqual(page.command === 'getSubtracks' && [page.offset, page.size], [0, 50]);
    accepted({ command: 'getSubtracksCount', streamId: 'room1', role: '', status: 'broadcasting' });
    accepted({ command: 'getSubscriberCount', streamId: 'room1' });
    accepted({ command: 'getBroadcastObject', streamId: 'alice' });
    accepted({ command: 'updateStreamMetaData', streamId: 'alice', metaData: '{"isMicMuted":true}' });
    accepted({ command: 'getVideoTrackAssignmentsCommand', streamId: 'room1' });
    accepted({ command: 'setMaxVideoTrackCountCommand', streamId: 'room1', maxTrackCount: -1 });
    accepted({ command: 'assignVideoTrackCommand', streamId: 'bob', videoTrackId: 'videoTrack0', enabled: true });
  });

  it('accepts our optional maxVideoTrackCount on play', () => {
    const play = accepted({ command: 'play', streamId: 'room1', maxVideoTrackCount: 2 });
    assert.equal(play.command === 'play' && play.maxVideoTrackCount, 2);
  });
});

describe('malformed room commands get precise definitions', () => {
  it('noRoomNameSpecified for a missing or empty room', () => {
    assert.equal(refused({ command: 'joinRoom', streamId: 'alice' })?.definition, ErrorDefinition.noRoomNameSpecified);
    assert.equal(refused({ command: 'getRoomInfo', room: '' })?.definition, ErrorDefinition.noRoomNameSpecified);
    assert.equal(refused({ command: 'leaveFromRoom', room: null })?.definition, ErrorDefinition.noRoomNameSpecified);
  });

  it('invalidStreamName for a room or participant id outside [A-Za-z0-9_.-]', () => {
    assert.equal(refused({ command: 'joinRoom', room: 'my room' })?.definition, ErrorDefinition.invalidStreamName);
    assert.equal(refused({ command: 'getRoomInfo', room: 42 })?.definition, ErrorDefinition.invalidStreamName);
    const violation = refused({ command: 'joinRoom', room: 'r', streamId: 'a/b' });
    assert.equal(violation?.definition, ErrorDefinition.invalidStreamName);
    assert.equal(violation?.streamId, 'a/b');
    assert.equal(refused({ command: 'getSubtracks', streamId: 'r 1' })?.definition, ErrorDefinition.invalidStreamName);
  });

  it('invalidParameter naming the key for a bad offset, size or track count', () => {
    for (const [raw, key] of [
      [{ command: 'getSubtracks', streamId: 'r', offset: -1 }, 'offset'],
      [{ command: 'getSubtracks', streamId: 'r', size: 1.5 }, 'size'],
      [{ command: 'setMaxVideoTrackCountCommand', streamId: 'r', maxTrackCount: -2 }, 'maxTrackCount'],
      [{ command: 'play', streamId: 'r', maxVideoTrackCount: 'many' }, 'maxVideoTrackCount'],
      [{ command: 'assignVideoTrackCommand', streamId: 'r', enabled: 'yes' }, 'enabled'],
    ] as const) {
      const violation = refused(raw);
      assert.equal(violation?.definition, ErrorDefinition.invalidParameter, JSON.stringify(raw));
      assert.match(violation?.information ?? '', new RegExp(`'${key}'`));
    }
  });

  it('missingParameter for setMaxVideoTrackCountCommand without a count and updateStreamMetaData without metaData', () => {
    assert.equal(refused({ command: 'setMaxVideoTrackCountCommand', streamId: 'r' })?.definition, ErrorDefinition.missingParameter);
    assert.equal(refused({ command: 'updateStreamMetaData', streamId: 'a' })?.definition, ErrorDefinition.missingParameter);
  });
});

describe('room answers round-trip through parseServerMessage', () => {
  const alice = { streamId: 'alice', streamName: 'Alice', metaData: '{"isMicMuted":true}' };

  it('roomInformation carries ids, entries and ATTR_ROOM_NAME', () => {
    const result = parseServerMessage(JSON.stringify(roomInformationMessage('room1', [alice])));
    assert.ok(result.ok && result.message.command === 'roomInformation');
    assert.deepEqual(result.message, { command: 'roomInformation', room: 'room1', ATTR_ROOM_NAME: 'room1', streams: ['alice'], streamList: [alice] });
  });

  it('joinedTheRoom, subtrackAdded and subtrackList keep their keys typed', () => {
    const joined = parseServerMessage(JSON.stringify(joinedTheRoomNotification('room1', 'bob', [alice], -1)));
    assert.ok(joined.ok && joined.message.command === 'notification');
    assert.deepEqual([joined.message.definition, joined.message.streamId, joined.message.streams, joined.message.maxTrackCount], ['joinedTheRoom', 'bob', ['alice'], -1]);
    const added = parseServerMessage(JSON.stringify(subtrackChangeNotification('added', 'room1', 'alice')));
    assert.ok(added.ok && added.message.command === 'notification');
    assert.deepEqual([added.message.definition, added.message.streamId, added.message.trackId], ['subtrackAdded', 'room1', 'alice']);
    const broadcast: BroadcastInfo = { streamId: 'alice', name: 'Alice', status: 'broadcasting', metaData: '', role: '', mainTrackStreamId: 'room1', webRTCViewerCount: 0, startTime: 1 };
    const list = parseServerMessage(JSON.stringify(subtrackListNotification('room1', [broadcast])));
    assert.ok(list.ok && list.message.command === 'notification');
    assert.deepEqual(JSON.parse(list.message.subtrackList?.[0] ?? ''), broadcast);
    const object = parseServerMessage(JSON.stringify(broadcastObjectNotification(broadcast)));
    assert.ok(object.ok && object.message.command === 'notification' && object.message.broadcast === JSON.stringify(broadcast));
  });

  it('refuses a roomInformation whose streams is not a list of ids', () => {
    const result = parseServerMessage('{"command":"roomInformation","room":"r","streams":"alice"}');
    assert.ok(!result.ok && result.violation.definition === ErrorDefinition.invalidParameter);
  });

  it('clientCommand builds any command with its fields', () => {
    assert.deepEqual(clientCommand('getRoomInfo', { room: 'r', streamId: 'a' }), { command: 'getRoomInfo', room: 'r', streamId: 'a' });
  });
});

describe('data channel events', () => {
  it('parses what the server builds', () => {
    assert.deepEqual(parseDataChannelEvent(JSON.stringify(trackListUpdatedEvent('room1'))), { eventType: 'TRACK_LIST_UPDATED', streamId: 'room1' });
    const payload = [{ videoLabel: 'videoTrack0', trackId: 'alice', reserved: false }];
    assert.deepEqual(parseDataChannelEvent(JSON.stringify(videoTrackAssignmentListEvent('room1', payload))), {
      eventType: 'VIDEO_TRACK_ASSIGNMENT_LIST', streamId: 'room1', payload,
    });
  });

  it('parses a participant UPDATE_STATUS as Ant Media conference pages send it', () => {
    const event = parseDataChannelEvent('{"streamId":"alice","eventType":"UPDATE_STATUS","payload":{"streamId":"alice","pinnedId":-1,"mic":true,"camera":false}}');
    assert.equal(event?.eventType === 'UPDATE_STATUS' && event.payload.mic, true);
  });

  it('returns undefined for user data, unknown events and malformed payloads', () => {
    for (const text of ['hello', '42', '{"eventType":"CHAT"}', '{"eventType":"TRACK_LIST_UPDATED"}', '{"eventType":"VIDEO_TRACK_ASSIGNMENT_LIST","streamId":"r","payload":[{"videoLabel":1}]}']) {
      assert.equal(parseDataChannelEvent(text), undefined, text);
    }
  });
});
