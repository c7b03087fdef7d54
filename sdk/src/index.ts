/**
 * relayrtc: publish, play and call over WebRTC through a relay server that
 * speaks Ant Media's WebSocket protocol. Importing it does nothing (no
 * globals, no browser access), so it is safe under server-side rendering.
 */
export { RelayClient, type RelayClientEvents, type RelayClientOptions, type RelayClientState } from './RelayClient.js';
export { Publisher, type PublisherEvents, type PublisherState, type PublishOptions, type PublishSource } from './Publisher.js';
export { Player, type NegotiatedInfo, type PlayerEvents, type PlayerState, type PlayOptions } from './Player.js';
export { PeerCall, type PeerCallEvents, type PeerCallState, type CallOptions } from './PeerCall.js';
export {
  Conference,
  type ConferenceEvents,
  type ConferenceOptions,
  type ConferenceState,
  type Participant,
} from './conference/Conference.js';
export { RoomRequests, type JoinRoomOptions, type JoinedRoom } from './conference/RoomRequests.js';
export type { BroadcastInfo, RoomStreamEntry, ServerDebugInfo, SubscriberInfo, VideoTrackAssignment } from './protocol/index.js';
export { LocalMedia, type LocalMediaEvents } from './media/LocalMedia.js';
export { RelayError, isRelayError, codeForDefinition, type RelayErrorCode, type RelayErrorOptions } from './core/errors.js';
export type { Unsubscribe } from './core/emitter.js';
export type { LogLevel, LogSink } from './core/logger.js';
export type { WaitOptions } from './core/deferred.js';
export type { Scheduler } from './core/scheduler.js';
export { getUserMedia } from './media/getUserMedia.js';
export { getDisplayMedia } from './media/getDisplayMedia.js';
export { listDevices, onDeviceChange } from './media/devices.js';
export { browserDetails, type BrowserDetails } from './media/browserDetails.js';
export type { AttachResult, MediaElementLike } from './media/attachStream.js';
export type { DataMessage, DataPayload } from './data/DataChannel.js';
export type { StreamStats } from './stats/StatsSampler.js';
export type { ReconnectingInfo, SessionEvents } from './session/StreamSession.js';
export { backoffPolicy, type BackoffOptions, type ReconnectContext, type ReconnectOption, type ReconnectPolicy } from './reconnect/ReconnectPolicy.js';
export type { MediaKind, PeerConnectionState, RemoteTrack, PeerFactory, PeerSession } from './peer/PeerSession.js';
export type { StreamInfoEntry } from './protocol/index.js';
export { isValidStreamId } from './protocol/index.js';
export type { SignalingCloseInfo } from './signaling/SignalingClient.js';
export { discoverServer, type DiscoveredServer, type DiscoveryOptions } from './signaling/discovery.js';
export {
  WebRTCAdaptor,
  getUrlParameter,
  type AdaptorCallback,
  type AdaptorErrorCallback,
  type WebRTCAdaptorOptions,
} from './facade/WebRTCAdaptor.js';
export type { PeerStats } from './facade/peerStats.js';
