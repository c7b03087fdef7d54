/** Conference room commands (antmedia-protocol.md §4.4.4, §4.4.5). */
import { ErrorDefinition, errorMessage, type ClientMessageOf } from 'relayrtc/protocol';
import type { SignalingSession } from '../signalingSession.js';

export type RoomCommand = ClientMessageOf<
  | 'joinRoom'
  | 'leaveFromRoom'
  | 'getRoomInfo'
  | 'getSubtracks'
  | 'getSubtracksCount'
  | 'getSubscriberCount'
  | 'getBroadcastObject'
  | 'updateStreamMetaData'
  | 'getVideoTrackAssignmentsCommand'
  | 'setMaxVideoTrackCountCommand'
  | 'assignVideoTrackCommand'
>;

/** Until the room handlers land: the commands are known to the protocol but not served yet. */
export function handleRoomCommand(session: SignalingSession, message: RoomCommand): void {
  const streamId = 'streamId' in message ? message.streamId : undefined;
  session.send(errorMessage(ErrorDefinition.unknownCommand, streamId, `'${message.command}' is not served yet`));
}
