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
} as const;
export type NotificationDefinition = (typeof Notification)[keyof typeof Notification];

/** `{"command":"error","definition":…}` values. */
export const ErrorDefinition = {
  noStreamNameSpecified: 'noStreamNameSpecified',
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
} as const;
export type ErrorDefinitionValue = (typeof ErrorDefinition)[keyof typeof ErrorDefinition];

/** Ant Media sends `error_code: "404"` with `no_stream_exist`. */
export const NO_STREAM_EXIST_ERROR_CODE = '404';

/** Ant Media's session limit for one text frame (8192 × 10). */
export const MAX_TEXT_FRAME_BYTES = 81920;

/** Track ids in server offers: `ARDAMSv<id>` for video, `ARDAMSa<id>` for audio. */
export const TRACK_ID_PREFIX = { video: 'ARDAMSv', audio: 'ARDAMSa' } as const;
