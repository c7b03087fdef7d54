/**
 * One error class with a stable string `code`. Server errors keep Ant Media's
 * raw `definition` alongside the code; the definition → code table below is
 * the only place that mapping exists in the SDK.
 */
import { ErrorDefinition, type ErrorDefinitionValue, type ServerMessageOf } from '../protocol/index.js';

/** Codes for the server's `error` definitions, each with a sentence for humans. */
const SERVER_ERRORS = {
  [ErrorDefinition.noStreamNameSpecified]: ['NO_STREAM_NAME_SPECIFIED', 'The request named no stream'],
  [ErrorDefinition.noRoomNameSpecified]: ['NO_ROOM_NAME_SPECIFIED', 'The room request named no room'],
  [ErrorDefinition.noActiveStreamsInRoom]: ['NO_ACTIVE_STREAMS_IN_ROOM', 'Nobody else is publishing in this room'],
  [ErrorDefinition.invalidStreamName]: ['INVALID_STREAM_NAME', "Stream ids may only contain letters, digits, '_', '.' and '-'"],
  [ErrorDefinition.noStreamExist]: ['NO_STREAM_EXIST', 'No such stream is being published'],
  [ErrorDefinition.streamIdInUse]: ['STREAM_ID_IN_USE', 'This stream id is already in use'],
  [ErrorDefinition.alreadyPublishing]: ['ALREADY_PUBLISHING', 'This stream is already being published'],
  [ErrorDefinition.alreadyPlaying]: ['ALREADY_PLAYING', 'This stream is already being played on this connection'],
  [ErrorDefinition.notSetRemoteDescription]: ['NOT_SET_REMOTE_DESCRIPTION', 'The server could not accept our session description'],
  [ErrorDefinition.notSetLocalDescription]: ['NOT_SET_LOCAL_DESCRIPTION', 'The server could not create its session description'],
  [ErrorDefinition.publishTimeoutError]: ['PUBLISH_TIMEOUT', 'The server received no media in time'],
  [ErrorDefinition.viewerLimitReached]: ['VIEWER_LIMIT_REACHED', 'The stream has reached its viewer limit'],
  [ErrorDefinition.unauthorizedAccess]: ['UNAUTHORIZED_ACCESS', 'The server refused the token or credentials'],
  [ErrorDefinition.missingParameter]: ['MISSING_PARAMETER', 'The request lacked a required field'],
  [ErrorDefinition.noPeerAssociatedBefore]: ['NO_PEER_ASSOCIATED_BEFORE', 'No peer is associated with this stream'],
  [ErrorDefinition.highResourceUsage]: ['HIGH_RESOURCE_USAGE', 'The server is overloaded'],
  [ErrorDefinition.serverError]: ['SERVER_ERROR', 'The server failed; see its logs'],
  [ErrorDefinition.invalidJson]: ['INVALID_JSON', 'The server could not parse a message we sent'],
  [ErrorDefinition.invalidParameter]: ['INVALID_PARAMETER', 'A field of our request had the wrong type'],
  [ErrorDefinition.unknownCommand]: ['UNKNOWN_COMMAND', 'The server does not know a command we sent'],
  [ErrorDefinition.messageTooLarge]: ['MESSAGE_TOO_LARGE', 'A message we sent was too large'],
  [ErrorDefinition.noPacketReceivedForTimeoutDuration]: ['NO_PACKET_RECEIVED', 'The server received no media for too long and ended the publish'],
  [ErrorDefinition.messageRateExceeded]: ['MESSAGE_RATE_EXCEEDED', 'We sent messages faster than the server allows; one was dropped'],
  [ErrorDefinition.peerConnectionLimitReached]: ['PEER_CONNECTION_LIMIT_REACHED', 'This connection already has as many publishes and plays as the server allows'],
  [ErrorDefinition.streamLimitReached]: ['STREAM_LIMIT_REACHED', 'The server carries as many streams as it allows'],
  [ErrorDefinition.serverShuttingDown]: ['SERVER_SHUTTING_DOWN', 'The server is shutting down'],
  [ErrorDefinition.publishNotAllowedOnEdge]: ['PUBLISH_NOT_ALLOWED_ON_EDGE', 'This server is an edge of a cluster: publish to an origin'],
} as const satisfies Record<ErrorDefinitionValue, readonly [string, string]>;

export type ServerErrorCode = (typeof SERVER_ERRORS)[ErrorDefinitionValue][0];

/** Codes the SDK raises itself. */
export type LocalErrorCode =
  | 'UNKNOWN_SERVER_ERROR' // a definition outside our table; `definition` has the raw string
  | 'TIMEOUT'
  | 'ABORTED'
  | 'WEBRTC_UNSUPPORTED'
  | 'WEBSOCKET_UNSUPPORTED'
  | 'SIGNALING_FAILED'
  | 'SIGNALING_CLOSED'
  | 'NOT_CONNECTED'
  | 'PEER_CONNECTION_FAILED'
  | 'NEGOTIATION_FAILED'
  | 'STREAM_ENDED'
  | 'ICE_FAILED'
  | 'MEDIA_UNSUPPORTED'
  | 'MEDIA_INSECURE_CONTEXT'
  | 'MEDIA_PERMISSION_DENIED'
  | 'MEDIA_NOT_FOUND'
  | 'MEDIA_NOT_READABLE'
  | 'MEDIA_OVERCONSTRAINED'
  | 'MEDIA_FAILED'
  | 'NO_LOCAL_MEDIA' // a camera/mic control was used without local media
  | 'SCREEN_SHARE_DENIED'
  | 'SCREEN_SHARE_UNSUPPORTED'
  | 'NOT_SUPPORTED' // a browser API the call needs is missing here
  | 'DATA_CHANNEL_NOT_OPEN'
  | 'DATA_TOO_LARGE'
  | 'DISCOVERY_FAILED' // discoverServer() got no usable answer
  | 'RECONNECT_FAILED'; // the reconnect policy gave up; `cause` is the last error

export type RelayErrorCode = ServerErrorCode | LocalErrorCode;

export interface RelayErrorOptions {
  cause?: unknown;
  /** Ant Media's raw `definition`, for errors the server sent. */
  definition?: string;
  streamId?: string;
  /** The server's `information` text, if any. */
  information?: string;
}

export class RelayError extends Error {
  readonly code: RelayErrorCode;
  readonly definition: string | undefined;
  readonly streamId: string | undefined;
  readonly information: string | undefined;

  constructor(code: RelayErrorCode, message: string, options: RelayErrorOptions = {}) {
    super(message);
    this.name = 'RelayError';
    this.code = code;
    // Assigned rather than passed to super(): the ES2022 `cause` option is ignored by older browsers.
    if (options.cause !== undefined) this.cause = options.cause;
    this.definition = options.definition;
    this.streamId = options.streamId;
    this.information = options.information;
  }

  /** Builds the error for a server `error` message, keeping its raw definition. */
  static fromServer(message: ServerMessageOf<'error'>): RelayError {
    const known = Object.prototype.hasOwnProperty.call(SERVER_ERRORS, message.definition)
      ? SERVER_ERRORS[message.definition as ErrorDefinitionValue]
      : undefined;
    const [code, text]: readonly [RelayErrorCode, string] = known ?? ['UNKNOWN_SERVER_ERROR', `The server answered '${message.definition}'`];
    const where = message.streamId === undefined ? '' : ` (stream '${message.streamId}')`;
    const detail = message.information ? `: ${message.information}` : '';
    return new RelayError(code, `${text}${where}${detail}`, {
      definition: message.definition,
      streamId: message.streamId,
      information: message.information,
    });
  }
}

/** The code a server `definition` maps to (for the WebRTCAdaptor facade and tests). */
export function codeForDefinition(definition: string): RelayErrorCode {
  return RelayError.fromServer({ command: 'error', definition }).code;
}

/** The server `definition` a code stands for (what Ant Media's SDK reports for the same fault), if any. */
export function definitionForCode(code: RelayErrorCode): ErrorDefinitionValue | undefined {
  const definitions = Object.keys(SERVER_ERRORS) as ErrorDefinitionValue[];
  return definitions.find((definition) => SERVER_ERRORS[definition][0] === code);
}

export function isRelayError(error: unknown, code?: RelayErrorCode): error is RelayError {
  return error instanceof RelayError && (code === undefined || error.code === code);
}

/** Wraps anything thrown by a browser API into a RelayError with `code`, keeping it as `cause`. */
export function toRelayError(error: unknown, code: RelayErrorCode, what: string): RelayError {
  if (error instanceof RelayError) return error;
  const detail = error instanceof Error && error.message ? `: ${error.message}` : '';
  return new RelayError(code, `${what}${detail}`, { cause: error });
}
