/** Ant Media's Broadcast object (the fields `broadcastObject` and `subtrackList` carry) for a stream or a room. */
import type { BroadcastInfo } from 'relayrtc/protocol';
import type { LiveStream } from '../streams/liveStream.js';
import type { Room } from '../streams/room.js';

export function broadcastInfo(stream: LiveStream): BroadcastInfo {
  const { name, metaData, role, roomId } = stream.details;
  return {
    streamId: stream.streamId,
    name: name === '' ? null : name,
    status: stream.state === 'broadcasting' ? 'broadcasting' : stream.state === 'preparing' ? 'created' : 'finished',
    metaData,
    role,
    ...(roomId === undefined ? {} : { mainTrackStreamId: roomId }),
    webRTCViewerCount: stream.players.size,
    startTime: stream.startedAt,
  };
}

export function roomBroadcastInfo(room: Room): BroadcastInfo {
  return {
    streamId: room.roomId,
    name: null,
    status: room.participants.length > 0 ? 'broadcasting' : 'finished',
    metaData: '',
    role: '',
    subTrackStreamIds: room.participants.map((p) => p.streamId),
    webRTCViewerCount: room.players.size,
    startTime: room.createdAt,
  };
}
