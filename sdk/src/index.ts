/**
 * relayrtc: publish and play WebRTC streams through a relay server that
 * speaks Ant Media's WebSocket protocol.
 */
// The one place webrtc-adapter is imported: it shims browser differences before any peer connection exists.
import adapter from 'webrtc-adapter';

export { RelayClient, type RelayClientEvents, type RelayClientOptions } from './RelayClient.js';
export { Publisher, type PublisherEvents, type PublisherState, type PublishOptions } from './Publisher.js';
export { Player, type PlayerEvents, type PlayerState, type PlayOptions } from './Player.js';
export { RelayError, isRelayError, codeForDefinition, type RelayErrorCode, type RelayErrorOptions } from './core/errors.js';
export type { Unsubscribe } from './core/emitter.js';
export type { LogLevel, LogSink } from './core/logger.js';
export type { WaitOptions } from './core/deferred.js';
export { getUserMedia } from './media/getUserMedia.js';
export type { AttachResult, MediaElementLike } from './media/attachStream.js';
export type { PeerConnectionState, RemoteTrack } from './peer/PeerSession.js';
export type { SignalingCloseInfo } from './signaling/SignalingClient.js';

/** The browser webrtc-adapter detected, e.g. `{ browser: 'chrome', version: 120 }`. */
export function browserDetails(): { browser: string | null; version: number | null } {
  const { browser, version } = adapter.browserDetails;
  return { browser: browser ?? null, version: version ?? null };
}
