/**
 * Our coded errors and states under the names Ant Media's `callbackError` and
 * `ice_connection_state_changed` use (antmedia-protocol.md §3.2), so an
 * application written for the official SDK sees the strings it expects.
 */
import { definitionForCode, type RelayError, type RelayErrorCode } from '../core/errors.js';
import type { PeerConnectionState } from '../peer/PeerSession.js';

const ERROR_NAMES: Partial<Record<RelayErrorCode, string>> = {
  MEDIA_PERMISSION_DENIED: 'NotAllowedError',
  MEDIA_NOT_FOUND: 'NotFoundError',
  MEDIA_NOT_READABLE: 'NotReadableError',
  MEDIA_OVERCONSTRAINED: 'OverconstrainedError',
  MEDIA_INSECURE_CONTEXT: 'UnsecureContext',
  MEDIA_UNSUPPORTED: 'getUserMediaIsNotAllowed',
  SCREEN_SHARE_DENIED: 'ScreenSharePermissionDenied',
  NO_LOCAL_MEDIA: 'NoActiveConnection',
  NEGOTIATION_FAILED: 'notSetRemoteDescription',
  WEBSOCKET_UNSUPPORTED: 'WebSocketNotSupported',
  SIGNALING_FAILED: 'WebSocketNotConnected',
  SIGNALING_CLOSED: 'WebSocketNotConnected',
  NOT_CONNECTED: 'WebSocketNotConnected',
  DATA_CHANNEL_NOT_OPEN: 'data_channel_error',
  DATA_TOO_LARGE: 'data_channel_error',
};

/**
 * The `callbackError` name: the server's definition, the DOMException's name, Ant Media's own string,
 * or the definition of a server fault the SDK found before asking (an invalid stream id: invalidStreamName).
 */
export function antMediaErrorName(error: RelayError): string {
  if (error.definition) return error.definition;
  const cause = error.cause as { name?: unknown } | undefined;
  if (error.code.indexOf('MEDIA_') === 0 && cause && typeof cause.name === 'string' && cause.name !== 'Error') return cause.name;
  return ERROR_NAMES[error.code] ?? definitionForCode(error.code) ?? error.code;
}

/** RTCIceConnectionState-like names, as `iceConnectionState()` and `ice_connection_state_changed` report them. */
export function iceStateName(state: PeerConnectionState): RTCIceConnectionState {
  return state === 'connecting' ? 'checking' : state;
}

/**
 * `getUrlParameter(name)` of Ant Media's samples, read as theirs reads it: a query parameter of the page,
 * `true` when it has no value (`?playOnly`), undefined when absent. The whole query is URI-decoded before
 * it is split, and `+` stays a `+`, so a value holding an encoded `&` or `=` is cut there, as with theirs.
 */
export function getUrlParameter(name: string, search?: string): string | true | undefined {
  const query = search ?? (typeof location === 'undefined' ? '' : location.search);
  for (const pair of decodeURIComponent(query.substring(1)).split('&')) {
    const [key, value] = pair.split('=');
    if (key === name) return value === undefined ? true : value;
  }
  return undefined;
}
