/**
 * The seam between the SDK and RTCPeerConnection. Sessions speak only to this
 * interface; `RtcPeerSession` implements it on the browser's
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
  /**
   * The stream the sender put this track in (its a=msid), as the browser reports it: in a room, the
   * participant's own, which loses the track (`removetrack`) when the participant leaves.
   */
  senderStream?: MediaStream;
  /** The transceiver's mid: the key of Ant Media's `idMapping`. */
  mid: string | null;
}

/** RTCPeerConnectionState, derived from the ICE state where the browser lacks `connectionState`. */
export type PeerConnectionState = 'new' | 'connecting' | 'connected' | 'disconnected' | 'failed' | 'closed';

export type MediaKind = 'audio' | 'video';

/** How local tracks are sent. */
export interface SendOptions {
  /** 'sendonly' to publish, 'sendrecv' in a peer-to-peer call. */
  direction: 'sendonly' | 'sendrecv';
  /** Three rid layers for video (core/defaults.ts SIMULCAST_LAYERS). */
  simulcast: boolean;
  /** Preferred video codec, e.g. 'VP8' or 'H264'; ignored where the browser cannot reorder codecs. */
  videoCodec?: string;
  degradationPreference?: RTCDegradationPreference;
  /** Video cap in bits per second; undefined leaves the browser's own. */
  maxBitrate?: number;
}

/** The part of RTCDataChannel the SDK uses. */
export interface DataChannelLike {
  readonly label: string;
  readonly readyState: string;
  readonly bufferedAmount: number;
  bufferedAmountLowThreshold: number;
  binaryType: string;
  onopen: ((event: Event) => void) | null;
  onclose: ((event: Event) => void) | null;
  onerror: ((event: RTCErrorEvent) => void) | null;
  onmessage: ((event: MessageEvent) => void) | null;
  onbufferedamountlow: ((event: Event) => void) | null;
  send(data: string | ArrayBuffer | ArrayBufferView): void;
  close(): void;
}

export interface PeerSessionEvents {
  localCandidate: IceCandidateInfo;
  track: RemoteTrack;
  connectionState: PeerConnectionState;
  /** A channel the remote side opened. */
  dataChannel: DataChannelLike;
}

export interface PeerSession {
  readonly closed: boolean;
  readonly connectionState: PeerConnectionState;
  on<K extends keyof PeerSessionEvents>(name: K, listener: (payload: PeerSessionEvents[K]) => void): Unsubscribe;
  /** Adds every track of `stream` (before the offer). */
  addLocalStream(stream: MediaStream, options: SendOptions): void;
  /** Swaps what a sender sends, without renegotiation (null sends nothing). */
  replaceTrack(kind: MediaKind, track: MediaStreamTrack | null): Promise<void>;
  /** The sender of `kind` (null before addLocalStream or when none); optional, so PeerFactories written before it still fit. */
  sender?(kind: MediaKind): RTCRtpSender | null;
  /** Caps the video sender (sum of its layers) in bits per second; undefined removes the cap. */
  setMaxBitrate(bitsPerSecond: number | undefined): Promise<void>;
  setDegradationPreference(preference: RTCDegradationPreference): Promise<void>;
  createDataChannel(label: string): DataChannelLike;
  /** createOffer + setLocalDescription; resolves with the offer's SDP. */
  createOffer(options?: { iceRestart?: boolean }): Promise<string>;
  /**
   * setRemoteDescription(offer) + createAnswer + setLocalDescription; resolves
   * with the answer's SDP. `local` is added in between (the answering side of a call).
   */
  acceptOffer(sdp: string, local?: MediaStream): Promise<string>;
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
