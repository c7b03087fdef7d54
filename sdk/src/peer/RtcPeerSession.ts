/**
 * PeerSession on the browser's RTCPeerConnection. All RTCPeerConnection calls
 * in the SDK live in this file: SDP work is serialized through a TaskQueue and
 * remote candidates wait until the remote description is set.
 */
import { Emitter, type Unsubscribe } from '../core/emitter.js';
import { RelayError, toRelayError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { IceCandidateInfo, PeerConnectionState, PeerSession, PeerSessionConfig, PeerSessionEvents } from './PeerSession.js';
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
  private remoteDescriptionSet = false;
  private remoteStream: MediaStream | undefined;
  private isClosed = false;

  constructor(
    private readonly pc: RTCPeerConnection,
    private readonly logger: Logger,
  ) {
    this.events = new Emitter((error, name) => logger.error(`listener of '${name}' threw`, error));
    pc.onicecandidate = (event) => this.handleLocalCandidate(event.candidate);
    pc.ontrack = (event) => this.handleTrack(event.track, event.streams);
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

  on<K extends keyof PeerSessionEvents>(name: K, listener: (payload: PeerSessionEvents[K]) => void): Unsubscribe {
    return this.events.on(name, listener);
  }

  addLocalStream(stream: MediaStream): void {
    for (const track of stream.getTracks()) {
      if (typeof this.pc.addTransceiver === 'function') {
        this.pc.addTransceiver(track, { direction: 'sendonly', streams: [stream] });
      } else {
        this.pc.addTrack(track, stream);
      }
    }
  }

  createOffer(): Promise<string> {
    return this.queue.push(async () => {
      try {
        const offer = await this.pc.createOffer();
        await this.pc.setLocalDescription(offer);
        return offer.sdp ?? '';
      } catch (error) {
        throw toRelayError(error, 'NEGOTIATION_FAILED', 'Could not create the offer');
      }
    });
  }

  acceptOffer(sdp: string): Promise<string> {
    return this.queue.push(async () => {
      try {
        await this.setRemote({ type: 'offer', sdp });
        const answer = await this.pc.createAnswer();
        await this.pc.setLocalDescription(answer);
        return answer.sdp ?? '';
      } catch (error) {
        throw toRelayError(error, 'NEGOTIATION_FAILED', "Could not answer the server's offer");
      }
    });
  }

  acceptAnswer(sdp: string): Promise<void> {
    return this.queue.push(async () => {
      try {
        await this.setRemote({ type: 'answer', sdp });
      } catch (error) {
        throw toRelayError(error, 'NEGOTIATION_FAILED', "Could not apply the server's answer");
      }
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
    this.pc.onicecandidate = null;
    this.pc.ontrack = null;
    this.pc.onconnectionstatechange = null;
    this.pc.oniceconnectionstatechange = null;
    this.pc.close();
    this.events.removeAllListeners();
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

  private handleTrack(track: MediaStreamTrack, streams: readonly MediaStream[]): void {
    const stream = this.remoteStream ?? streams[0] ?? new MediaStream();
    if (stream.getTracks().indexOf(track) < 0) stream.addTrack(track);
    this.remoteStream = stream;
    this.events.safeEmit('track', { track, stream });
  }

  private emitState(state: PeerConnectionState): void {
    this.logger.debug('connection state', state);
    this.events.safeEmit('connectionState', state);
  }
}
