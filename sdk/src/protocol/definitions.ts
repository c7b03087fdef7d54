/**
 * Ant Media's `definition` strings, copied exactly from its WebSocketConstants
 * (see shared/reference/antmedia-protocol.md §3.2 and §4.3). The mapping from
 * these strings to our coded errors lives here, once.
 */

/** `{"command":"notification","definition":…}` values. */
export const Notification = {
  publishStarted: 'publish_started',
  publishFinished: 'publish_finished',
  playStarted: 'play_started',
  playFinished: 'play_finished',
  streamingStarted: 'streaming_started',
  sessionRestored: 'session_restored',
  joined: 'joined',
  leaved: 'leaved',
  bitrateMeasurement: 'bitrateMeasurement',
  resolutionChangeInfo: 'resolutionChangeInfo',
  serverWillStop: 'server_will_stop',
  // Conference rooms (§4.3, §4.4.4, §4.4.5)
  /** Answer to joinRoom: `streamId` (the participant's), `streams`, `streamList`, `ATTR_ROOM_NAME`, `room`, `maxTrackCount`. */
  joinedTheRoom: 'joinedTheRoom',
  /** Answer to leaveFromRoom: `ATTR_ROOM_NAME`, `room`, `streamId`. */
  leavedFromRoom: 'leavedFromRoom',
  /** To a room's players: a participant's stream joined (`trackId` = its stream id; `streamId` = the room). A new offer follows. */
  subtrackAdded: 'subtrackAdded',
  /** To a room's players: a participant's stream left (`trackId`, `streamId` = the room). A new offer follows. */
  subtrackRemoved: 'subtrackRemoved',
  /** Answer to getSubtracks: `subtrackList`, Broadcast JSON strings. */
  subtrackList: 'subtrackList',
  /** Answer to getSubtracksCount: `count`. */
  subtrackCount: 'subtrackCount',
  /** Answer to getSubscriberCount: `count`. */
  subscriberCount: 'subscriberCount',
  /** Answer to getBroadcastObject, and pushed to a room's players when a participant's metaData changes: `broadcast`, a Broadcast JSON string. */
  broadcastObject: 'broadcastObject',
  /** Answer to getVideoTrackAssignmentsCommand: `payload`, the same list as the data channel's VIDEO_TRACK_ASSIGNMENT_LIST. */
  videoTrackAssignmentList: 'videoTrackAssignmentList',
  /** Answer to getSubscribers: `subscriberList`, Subscriber JSON strings (`SubscriberInfo`). */
  subscriberList: 'subscriberList',
  /** Answer to getDebugInfo: `debugInfo`, a string (from RelayRTC, `ServerDebugInfo` as JSON). */
  debugInfo: 'debugInfo',
} as const;
export type NotificationDefinition = (typeof Notification)[keyof typeof Notification];

/** `{"command":"error","definition":…}` values. */
export const ErrorDefinition = {
  noStreamNameSpecified: 'noStreamNameSpecified',
  /** A room command without a room (Ant Media's NO_ROOM_SPECIFIED). */
  noRoomNameSpecified: 'noRoomNameSpecified',
  /** getRoomInfo of a room nobody but the asker (or nobody at all) is in. */
  noActiveStreamsInRoom: 'no_active_streams_in_room',
  invalidStreamName: 'invalidStreamName',
  noStreamExist: 'no_stream_exist',
  streamIdInUse: 'streamIdInUse',
  alreadyPublishing: 'already_publishing',
  alreadyPlaying: 'already_playing',
  notSetRemoteDescription: 'notSetRemoteDescription',
  notSetLocalDescription: 'notSetLocalDescription',
  publishTimeoutError: 'publishTimeoutError',
  viewerLimitReached: 'viewerLimitReached',
  unauthorizedAccess: 'unauthorized_access',
  missingParameter: 'missingParameter',
  noPeerAssociatedBefore: 'no_peer_associated_before',
  highResourceUsage: 'highResourceUsage',
  serverError: 'server_error_check_logs',
  /** A live publisher sent no media for the server's idle limit (Ant Media's dropWebRTCIngestIfNoPacketReceived). */
  noPacketReceivedForTimeoutDuration: 'noPacketReceivedForTimeoutDuration',
  // Not in Ant Media's catalogue: our precise answers to frames it would drop silently.
  invalidJson: 'invalidJson',
  invalidParameter: 'invalidParameter',
  unknownCommand: 'unknownCommand',
  messageTooLarge: 'messageTooLarge',
  /** The socket sent more frames per second than the server allows; the frame was dropped. */
  messageRateExceeded: 'messageRateExceeded',
  /** The socket already has as many peer connections (publishes + plays) as the server allows. */
  peerConnectionLimitReached: 'peerConnectionLimitReached',
  /** The server already carries as many streams as it allows. */
  streamLimitReached: 'streamLimitReached',
  /** The server is shutting down (it sent server_will_stop) and takes no new publish or play. */
  serverShuttingDown: 'serverShuttingDown',
  /** A publish reached an edge node of a cluster, which takes none; `information` names an origin to publish to. */
  publishNotAllowedOnEdge: 'publishNotAllowedOnEdge',
} as const;
export type ErrorDefinitionValue = (typeof ErrorDefinition)[keyof typeof ErrorDefinition];

/** Ant Media sends `error_code: "404"` with `no_stream_exist`. */
export const NO_STREAM_EXIST_ERROR_CODE = '404';

/** Ant Media's session limit for one text frame (8192 × 10). */
export const MAX_TEXT_FRAME_BYTES = 81920;

/** Ant Media's duplicate of `room` on room answers. */
export const ROOM_NAME_KEY = 'ATTR_ROOM_NAME';

/** Video slot labels when a room play's video tracks are capped: `videoTrack0`, `videoTrack1`, … */
export const VIDEO_TRACK_LABEL_PREFIX = 'videoTrack';

/** Track ids in server offers: `ARDAMSv<id>` for video, `ARDAMSa<id>` for audio. */
export const TRACK_ID_PREFIX = { video: 'ARDAMSv', audio: 'ARDAMSa' } as const;
