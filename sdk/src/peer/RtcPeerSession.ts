/**
 * PeerSession on the browser's RTCPeerConnection. All RTCPeerConnection calls
 * in the SDK live here and in senders.ts: SDP work is serialized through a
 * TaskQueue and remote candidates wait until the remote description is set.
 */
import { Emitter, type Unsubscribe } from '../core/emitter.js';
import { RelayError, toRelayError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type {
  DataChannelLike,
  IceCandidateInfo,
  MediaKind,
  PeerConnectionState,
  PeerSession,
  PeerSessionConfig,
  PeerSessionEvents,
  SendOptions,
} from './PeerSession.js';
import { fitLayersToPicture, fullResolutionIfSingleLayer, preferCodec, setDegradationPreference, setMaxBitrate, videoEncodings } from './senders.js';
import { TaskQueue } from './TaskQueue.js';

type PeerConnectionConstructor = new (configuration?: RTCConfiguration) => RTCPeerConnection;

const ICE_TO_CONNECTION_STATE: Record<RTCIceConnectionState, PeerConnectionState> = {
  new: 'new',
  checking: 'connecting',
  connected: 'connected',
  completed: 'connected',
  disconnected: 'disconnected',
  failed: 'failed',
  closed: 'closed',
};

/** The host's RTCPeerConnection, or undefined where WebRTC is missing (e.g. WebKitGTK builds). */
export function hostPeerConnection(): PeerConnectionConstructor | undefined {
  const candidate = (globalThis as { RTCPeerConnection?: unknown }).RTCPeerConnection;
  return typeof candidate === 'function' ? (candidate as PeerConnectionConstructor) : undefined;
}

/** The default PeerFactory. `PeerConnection` is injectable for tests. */
export function createRtcPeerSession(config: PeerSessionConfig, PeerConnection = hostPeerConnection()): PeerSession {
  if (!PeerConnection) {
    throw new RelayError('WEBRTC_UNSUPPORTED', 'WebRTC is not available here: this browser has no RTCPeerConnection');
  }
  let pc: RTCPeerConnection;
  try {
    pc = new PeerConnection({ iceServers: config.iceServers });
  } catch (error) {
    throw toRelayError(error, 'PEER_CONNECTION_FAILED', 'Could not create an RTCPeerConnection');
  }
  return new RtcPeerSession(pc, config.logger);
}

export class RtcPeerSession implements PeerSession {
  private readonly events: Emitter<PeerSessionEvents>;
  private readonly queue = new TaskQueue();
  private readonly pendingCandidates: IceCandidateInfo[] = [];
  private readonly senders: Partial<Record<MediaKind, RTCRtpSender>> = {};
  /** The video cap asked for (undefined: the layers' defaults), kept to share it again when the layers change. */
  private videoCap: number | undefined;
  private remoteDescriptionSet = false;
  private remoteStream: MediaStream | undefined;
  private isClosed = false;
  private state: PeerConnectionState = 'new';

  constructor(
    private readonly pc: RTCPeerConnection,
    private readonly logger: Logger,
  ) {
    this.events = new Emitter((error, name) => logger.error(`listener of '${name}' threw`, error));
    pc.onicecandidate = (event) => this.handleLocalCandidate(event.candidate);
    pc.ontrack = (event) => this.handleTrack(event.track, event.streams, event.transceiver ? event.transceiver.mid : null);
    pc.ondatachannel = (event) => this.events.safeEmit('dataChannel', event.channel);
    // Firefox before 113 has no connectionState: derive it from the ICE state there.
    if (typeof pc.connectionState === 'string') {
      pc.onconnectionstatechange = () => this.emitState(pc.connectionState);
    } else {
      pc.oniceconnectionstatechange = () => this.emitState(ICE_TO_CONNECTION_STATE[pc.iceConnectionState]);
    }
  }

  get closed(): boolean {
    return this.isClosed;
  }

  get connectionState(): PeerConnectionState {
    return this.state;
  }

  on<K extends keyof PeerSessionEvents>(name: K, listener: (payload: PeerSessionEvents[K]) => void): Unsubscribe {
    return this.events.on(name, listener);
  }

  addLocalStream(stream: MediaStream, options: SendOptions): void {
    for (const track of stream.getTracks()) {
      const kind = track.kind as MediaKind;
      if (typeof this.pc.addTransceiver !== 'function') {
        this.senders[kind] = this.pc.addTrack(track, stream);
        continue;
      }
      const init: RTCRtpTransceiverInit = { direction: options.direction, streams: [stream] };
      if (kind === 'video') init.sendEncodings = videoEncodings(options.simulcast, options.maxBitrate, track.getSettings?.());
      if (kind === 'video') this.videoCap = options.maxBitrate;
      const transceiver = this.pc.addTransceiver(track, init);
      this.senders[kind] = transceiver.sender;
      if (kind !== 'video') continue;
      if (options.videoCodec) preferCodec(transceiver, options.videoCodec, this.logger);
      if (options.degradationPreference) void setDegradationPreference(transceiver.sender, options.degradationPreference, this.logger);
    }
  }

  async replaceTrack(kind: MediaKind, track: MediaStreamTrack | null): Promise<void> {
    const sender = this.senders[kind];
    if (!sender) throw new RelayError('NO_LOCAL_MEDIA', `This connection sends no ${kind}`);
    try {
      await sender.replaceTrack(track);
    } catch (error) {
      throw toRelayError(error, 'NOT_SUPPORTED', `Could not replace the ${kind} track`);
    }
    if (kind === 'video' && track) await fitLayersToPicture(sender, track.getSettings?.(), this.videoCap, this.logger);
  }

  sender(kind: MediaKind): RTCRtpSender | null {
    return this.senders[kind] || null;
  }

  async setMaxBitrate(bitsPerSecond: number | undefined): Promise<void> {
    const sender = this.senders.video;
    if (!sender) throw new RelayError('NO_LOCAL_MEDIA', 'This connection sends no video');
    if (!(await setMaxBitrate(sender, bitsPerSecond, this.logger))) {
      throw new RelayError('NOT_SUPPORTED', 'This browser could not change the video bitrate');
    }
    this.videoCap = bitsPerSecond;
  }

  async setDegradationPreference(preference: RTCDegradationPreference): Promise<void> {
    const sender = this.senders.video;
    if (!sender) throw new RelayError('NO_LOCAL_MEDIA', 'This connection sends no video');
    if (!(await setDegradationPreference(sender, preference, this.logger))) {
      throw new RelayError('NOT_SUPPORTED', 'This browser could not change the degradation preference');
    }
  }

  createDataChannel(label: string): DataChannelLike {
    return this.pc.createDataChannel(label, { ordered: true });
  }

  createOffer(options: { iceRestart?: boolean } = {}): Promise<string> {
    return this.negotiate('Could not create the offer', async () => {
      const offer = await this.pc.createOffer(options.iceRestart ? { iceRestart: true } : undefined);
      await this.pc.setLocalDescription(offer);
      return offer.sdp ?? '';
    });
  }

  acceptOffer(sdp: string, local?: MediaStream): Promise<string> {
    return this.negotiate("Could not answer the remote offer", async () => {
      await this.setRemote({ type: 'offer', sdp });
      // addTrack reuses the transceivers the offer created, making them sendrecv.
      if (local) for (const track of local.getTracks()) this.senders[track.kind as MediaKind] ??= this.pc.addTrack(track, local);
      const answer = await this.pc.createAnswer();
      await this.pc.setLocalDescription(answer);
      return answer.sdp ?? '';
    });
  }

  acceptAnswer(sdp: string): Promise<void> {
    return this.negotiate('Could not apply the remote answer', async () => {
      await this.setRemote({ type: 'answer', sdp });
      const video = this.senders.video;
      if (video) await fullResolutionIfSingleLayer(video, this.logger);
    });
  }

  async addRemoteCandidate(candidate: IceCandidateInfo): Promise<void> {
    // An empty candidate means end-of-candidates; older browsers reject it and nothing needs it.
    if (this.isClosed || candidate.candidate === '') return;
    if (!this.remoteDescriptionSet) {
      this.pendingCandidates.push(candidate);
      return;
    }
    await this.applyCandidate(candidate);
  }

  getStats(): Promise<RTCStatsReport> {
    return this.pc.getStats();
  }

  close(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    this.queue.close();
    this.pendingCandidates.length = 0;
    const pc = this.pc;
    pc.onicecandidate = pc.ontrack = pc.ondatachannel = pc.onconnectionstatechange = pc.oniceconnectionstatechange = null;
    pc.close();
    this.events.removeAllListeners();
  }

  private negotiate<T>(what: string, task: () => Promise<T>): Promise<T> {
    return this.queue.push(() => task().catch((error: unknown) => Promise.reject(toRelayError(error, 'NEGOTIATION_FAILED', what))));
  }

  private async setRemote(description: RTCSessionDescriptionInit): Promise<void> {
    await this.pc.setRemoteDescription(description);
    this.remoteDescriptionSet = true;
    const queued = this.pendingCandidates.splice(0);
    for (const candidate of queued) await this.applyCandidate(candidate);
  }

  private async applyCandidate(candidate: IceCandidateInfo): Promise<void> {
    const init: RTCIceCandidateInit = { candidate: candidate.candidate };
    if (candidate.sdpMLineIndex !== undefined) init.sdpMLineIndex = candidate.sdpMLineIndex;
    if (candidate.sdpMid !== undefined) init.sdpMid = candidate.sdpMid;
    try {
      await this.pc.addIceCandidate(init);
    } catch (error) {
      // One bad candidate must not fail the session: the others may still connect.
      this.logger.warn('remote candidate refused', candidate.candidate, error);
    }
  }

  private handleLocalCandidate(candidate: RTCIceCandidate | null): void {
    // null is end-of-gathering and '' is Firefox's end-of-candidates: Ant Media's protocol sends neither.
    if (!candidate || !candidate.candidate) return;
    this.events.safeEmit('localCandidate', {
      candidate: candidate.candidate,
      sdpMLineIndex: candidate.sdpMLineIndex ?? undefined,
      sdpMid: candidate.sdpMid ?? undefined,
    });
  }

  private handleTrack(track: MediaStreamTrack, streams: readonly MediaStream[], mid: string | null): void {
    const stream = this.remoteStream ?? streams[0] ?? new MediaStream();
    if (stream.getTracks().indexOf(track) < 0) stream.addTrack(track);
    this.remoteStream = stream;
    this.events.safeEmit('track', { track, stream, mid, senderStream: streams[0] });
  }

  private emitState(state: PeerConnectionState): void {
    this.logger.debug('connection state', state);
    this.state = state;
    this.events.safeEmit('connectionState', state);
  }
}
