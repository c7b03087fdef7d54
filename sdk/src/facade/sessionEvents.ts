/**
 * Turns one session's typed events into Ant Media's `callback(info, obj)` /
 * `callbackError(error, message)` calls (antmedia-protocol.md §3.1-§3.2).
 * Server notifications and errors are not repeated here: the adaptor forwards
 * every server message once, as the official SDK does.
 */
import { definitionForCode, type RelayError } from '../core/errors.js';
import type { PeerCall } from '../PeerCall.js';
import type { PeerConnectionState, RemoteTrack } from '../peer/PeerSession.js';
import type { Player } from '../Player.js';
import type { Publisher } from '../Publisher.js';
import { antMediaErrorName, iceStateName } from './antMediaNames.js';
import { sanitizeHtml } from './sanitizeHtml.js';

export interface Notify {
  callback(info: string, obj?: unknown): void;
  callbackError(error: string, message?: unknown): void;
}

export type AnySession = Publisher | Player | PeerCall;

/** Reports a local failure (server errors were already forwarded as they arrived). */
export function reportError(notify: Notify, error: unknown, streamId?: string): void {
  const relay = error as RelayError;
  if (!relay || typeof relay.code !== 'string') return notify.callbackError(String(error));
  if (relay.definition !== undefined) return;
  const name = antMediaErrorName(relay);
  // Refused before sending (e.g. an invalid id): given as the server's error message the official SDK would pass on.
  const refusal = definitionForCode(relay.code) === name;
  notify.callbackError(
    name,
    name === 'data_channel_error' ? { streamId, error: relay } : refusal ? { command: 'error', definition: name, streamId: relay.streamId ?? streamId, information: relay.message } : relay.message,
  );
}

export interface SessionWiring {
  /** The latest connection state, for iceConnectionState(). */
  iceState: RTCIceConnectionState | null;
  /** Show remote tracks here instead of emitting newTrackAvailable. */
  remoteVideo: HTMLMediaElement | null;
}

export function wireSession(notify: Notify, session: AnySession, wiring: SessionWiring, role: 'publisher' | 'player'): void {
  const streamId = session.streamId;
  const events = session as unknown as {
    on(name: string, listener: (payload: unknown) => void): void;
  };
  const attempt = `reconnection_attempt_for_${role}`;
  const iceState = (state: PeerConnectionState) => {
    wiring.iceState = iceStateName(state);
    notify.callback('ice_connection_state_changed', { state: wiring.iceState, streamId });
  };
  // The connection usually came up before the session was handed over: report where it is now.
  iceState(session.connectionState);
  events.on('connectionState', (state) => iceState(state as PeerConnectionState));
  // When the loss is noticed (a dropped WebSocket, a failed media connection) and before each attempt after it.
  events.on('reconnecting', () => notify.callback(attempt, streamId));
  // A player waiting for its stream asks again: the official SDK's retries say this before each play.
  events.on('waitRetry', () => notify.callback(attempt, streamId));
  events.on('dataOpen', () => notify.callback('data_channel_opened', streamId));
  events.on('dataClose', () => notify.callback('data_channel_closed', streamId));
  events.on('message', (message) => {
    const data = (message as { data: unknown }).data;
    notify.callback('data_received', { streamId, data: typeof data === 'string' ? sanitizeHtml(data) : data });
  });
  events.on('error', (error) => reportError(notify, error, streamId));
  events.on('track', (payload) => {
    const remote = payload as RemoteTrack;
    if (wiring.remoteVideo) {
      if (wiring.remoteVideo.srcObject !== remote.stream) wiring.remoteVideo.srcObject = remote.stream;
      return;
    }
    reportTrack(notify, streamId, remote, (session as Player).idMapping ?? {});
  });
}

/** `newTrackAvailable` (and its older name) for a remote track, with its Ant Media track id. */
export function reportTrack(notify: Notify, streamId: string, remote: RemoteTrack, idMapping: Record<string, string>): void {
  // The browser's stream of the track, as the official SDK passes it: pages watch its removetrack.
  const info = { stream: remote.senderStream ?? remote.stream, track: remote.track, streamId, trackId: remote.mid === null ? undefined : idMapping[remote.mid] };
  notify.callback('newTrackAvailable', info);
  notify.callback('newStreamAvailable', info);
}
