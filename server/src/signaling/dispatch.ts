/** One handler per command; a new command without a handler fails to compile. */
import type { ClientMessage } from 'relayrtc/protocol';
import { handleGetIceServerConfig, handlePing } from './handlers/keepAlive.js';
import { handleTakeCandidate, handleTakeConfiguration } from './handlers/negotiation.js';
import { handlePlay } from './handlers/play.js';
import { handlePublish } from './handlers/publish.js';
import { handleStop } from './handlers/stop.js';
import { handleJoin, handleLeave, handlePeerMessage } from './handlers/peerToPeer.js';
import { handleRoomCommand } from './handlers/rooms.js';
import { handleTestKnob } from './handlers/testKnob.js';
import { handleForceStreamQuality, handleGetStreamInfo } from './handlers/streamInfo.js';
import { handleGetSubscribers } from './handlers/subscribers.js';
import { handleGetDebugInfo } from './handlers/debugInfo.js';
import { handleEnableTrack, handleGetTrackList, handleToggleKind, handleUpdateVideoTrackAssignments } from './handlers/trackControls.js';
import type { SignalingSession } from './signalingSession.js';

export function dispatch(session: SignalingSession, message: ClientMessage): void | Promise<void> {
  switch (message.command) {
    case 'ping':
      return handlePing(session);
    case 'getIceServerConfig':
      return handleGetIceServerConfig(session);
    case 'publish':
      return handlePublish(session, message);
    case 'play':
      return handlePlay(session, message);
    case 'stop':
      return handleStop(session, message);
    case 'takeConfiguration':
      return handleTakeConfiguration(session, message);
    case 'takeCandidate':
      return handleTakeCandidate(session, message);
    case 'getStreamInfo':
      return handleGetStreamInfo(session, message);
    case 'forceStreamQuality':
      return handleForceStreamQuality(session, message);
    case 'toggleVideo':
    case 'toggleAudio':
      return handleToggleKind(session, message);
    case 'enableTrack':
      return handleEnableTrack(session, message);
    case 'getTrackList':
      return handleGetTrackList(session, message);
    case 'updateVideoTrackAssignmentsCommand':
      return handleUpdateVideoTrackAssignments(session, message);
    case 'join':
      return handleJoin(session, message);
    case 'leave':
      return handleLeave(session, message);
    case 'peerMessageCommand':
      return handlePeerMessage(session, message);
    case 'relayTestKnob':
      return handleTestKnob(session, message);
    case 'getSubscribers':
      return handleGetSubscribers(session, message);
    case 'getDebugInfo':
      return handleGetDebugInfo(session, message);
    case 'joinRoom':
    case 'leaveFromRoom':
    case 'getRoomInfo':
    case 'getSubtracks':
    case 'getSubtracksCount':
    case 'getSubscriberCount':
    case 'getBroadcastObject':
    case 'updateStreamMetaData':
    case 'getVideoTrackAssignmentsCommand':
    case 'setMaxVideoTrackCountCommand':
    case 'assignVideoTrackCommand':
      return handleRoomCommand(session, message);
    default: {
      const unhandled: never = message;
      throw new Error(`no handler for ${JSON.stringify(unhandled)}`);
    }
  }
}
