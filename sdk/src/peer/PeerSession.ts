/**
 * The seam between the SDK and RTCPeerConnection. Publisher and Player speak
 * only to this interface; `RtcPeerSession` implements it on the browser's
 * RTCPeerConnection and tests substitute a fake.
 */
import type { Unsubscribe } from '../core/emitter.js';
import type { Logger } from '../core/logger.js';

/** One ICE candidate, as carried by `takeCandidate` (label = sdpMLineIndex, id = sdpMid). */
export interface IceCandidateInfo {
  candidate: string;
  sdpMLineIndex?: number;
  sdpMid?: string;
}

export interface RemoteTrack {
  track: MediaStreamTrack;
  /** One stream collecting every remote track of this peer connection. */
  stream: MediaStream;
}

/** RTCPeerConnectionState, derived from the ICE state where the browser lacks `connectionState`. */
export type PeerConnectionState = 'new' | 'connecting' | 'connected' | 'disconnected' | 'failed' | 'closed';

export interface PeerSessionEvents {
  localCandidate: IceCandidateInfo;
  track: RemoteTrack;
  connectionState: PeerConnectionState;
}

export interface PeerSession {
  readonly closed: boolean;
  on<K extends keyof PeerSessionEvents>(name: K, listener: (payload: PeerSessionEvents[K]) => void): Unsubscribe;
  /** Adds every track of `stream` for sending only. */
  addLocalStream(stream: MediaStream): void;
  /** createOffer + setLocalDescription; resolves with the offer's SDP. */
  createOffer(): Promise<string>;
  /** setRemoteDescription(offer) + createAnswer + setLocalDescription; resolves with the answer's SDP. */
  acceptOffer(sdp: string): Promise<string>;
  /** setRemoteDescription(answer). */
  acceptAnswer(sdp: string): Promise<void>;
  /** Applied once the remote description is set; queued until then. */
  addRemoteCandidate(candidate: IceCandidateInfo): Promise<void>;
  getStats(): Promise<RTCStatsReport>;
  close(): void;
}

export interface PeerSessionConfig {
  iceServers: RTCIceServer[];
  logger: Logger;
}

/** Creates the peer connection for one stream; throws RelayError 'WEBRTC_UNSUPPORTED' where WebRTC is missing. */
export type PeerFactory = (config: PeerSessionConfig) => PeerSession;
