/** A PeerSession without WebRTC: records calls, lets a test raise candidates, tracks, channels and states. */
import { Emitter, type Unsubscribe } from '../core/emitter.js';
import type {
  DataChannelLike,
  IceCandidateInfo,
  MediaKind,
  PeerConnectionState,
  PeerFactory,
  PeerSession,
  PeerSessionEvents,
  SendOptions,
} from '../peer/PeerSession.js';
import { FakeDataChannel } from './FakeDataChannel.js';

export const FAKE_OFFER = 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=fake-offer\r\n';
export const FAKE_ANSWER = 'v=0\r\no=- 3 4 IN IP4 127.0.0.1\r\ns=fake-answer\r\n';

export class FakePeer implements PeerSession {
  readonly events = new Emitter<PeerSessionEvents>();
  readonly calls: string[] = [];
  readonly remoteCandidates: IceCandidateInfo[] = [];
  readonly channels: FakeDataChannel[] = [];
  localStream: MediaStream | undefined;
  sendOptions: SendOptions | undefined;
  /** One stand-in sender per kind added, carrying its track. */
  readonly senders: Partial<Record<MediaKind, RTCRtpSender>> = {};
  maxBitrate: number | undefined;
  isClosed = false;
  connectionState: PeerConnectionState = 'new';
  /** Set to make the next SDP operation fail. */
  failNext: Error | undefined;

  get closed(): boolean {
    return this.isClosed;
  }

  on<K extends keyof PeerSessionEvents>(name: K, listener: (payload: PeerSessionEvents[K]) => void): Unsubscribe {
    return this.events.on(name, listener);
  }

  addLocalStream(stream: MediaStream, options: SendOptions): void {
    this.calls.push('addLocalStream');
    this.localStream = stream;
    this.sendOptions = options;
    for (const track of stream.getTracks()) this.senders[track.kind as MediaKind] = { track } as unknown as RTCRtpSender;
  }

  sender(kind: MediaKind): RTCRtpSender | null {
    return this.senders[kind] ?? null;
  }

  async replaceTrack(kind: MediaKind, track: MediaStreamTrack | null): Promise<void> {
    this.calls.push(`replaceTrack:${kind}:${track ? track.id : 'null'}`);
  }

  async setMaxBitrate(bitsPerSecond: number | undefined): Promise<void> {
    this.calls.push(`setMaxBitrate:${bitsPerSecond}`);
    this.maxBitrate = bitsPerSecond;
  }

  async setDegradationPreference(preference: RTCDegradationPreference): Promise<void> {
    this.calls.push(`setDegradationPreference:${preference}`);
  }

  createDataChannel(label: string): DataChannelLike {
    this.calls.push(`createDataChannel:${label}`);
    const channel = new FakeDataChannel(label);
    this.channels.push(channel);
    return channel;
  }

  async createOffer(options: { iceRestart?: boolean } = {}): Promise<string> {
    this.calls.push(options.iceRestart ? 'createOffer:iceRestart' : 'createOffer');
    this.maybeFail();
    return FAKE_OFFER;
  }

  async acceptOffer(sdp: string, local?: MediaStream): Promise<string> {
    this.calls.push(`acceptOffer:${sdp}${local ? ':withLocal' : ''}`);
    this.maybeFail();
    for (const track of local?.getTracks() ?? []) this.senders[track.kind as MediaKind] ??= { track } as unknown as RTCRtpSender;
    return FAKE_ANSWER;
  }

  async acceptAnswer(sdp: string): Promise<void> {
    this.calls.push(`acceptAnswer:${sdp}`);
    this.maybeFail();
  }

  async addRemoteCandidate(candidate: IceCandidateInfo): Promise<void> {
    this.remoteCandidates.push(candidate);
  }

  stats: Array<Record<string, unknown>> = [{ id: 'fake', type: 'inbound-rtp', timestamp: 0 }];

  async getStats(): Promise<RTCStatsReport> {
    return new Map(this.stats.map((s) => [String(s.id), s])) as unknown as RTCStatsReport;
  }

  close(): void {
    this.calls.push('close');
    this.isClosed = true;
  }

  emitCandidate(candidate: IceCandidateInfo): void {
    this.events.safeEmit('localCandidate', candidate);
  }

  emitState(state: PeerConnectionState): void {
    this.connectionState = state;
    this.events.safeEmit('connectionState', state);
  }

  /** The remote side opened a channel. */
  emitDataChannel(label: string): FakeDataChannel {
    const channel = new FakeDataChannel(label);
    this.events.safeEmit('dataChannel', channel);
    return channel;
  }

  private maybeFail(): void {
    const error = this.failNext;
    this.failNext = undefined;
    if (error) throw error;
  }
}

/** A PeerFactory handing out FakePeers the test can reach. */
export function fakePeerFactory(): { factory: PeerFactory; peers: FakePeer[]; last(): FakePeer } {
  const peers: FakePeer[] = [];
  return {
    factory: () => {
      const peer = new FakePeer();
      peers.push(peer);
      return peer;
    },
    peers,
    last() {
      const peer = peers[peers.length - 1];
      if (!peer) throw new Error('no peer was created');
      return peer;
    },
  };
}

/** A stand-in MediaStream with one audio and one video track. */
export function fakeMediaStream(kinds: Array<'audio' | 'video'> = ['audio', 'video']): MediaStream {
  const tracks = kinds.map((kind, i) => ({ kind, id: `${kind}${i}`, enabled: true }));
  return {
    id: 'fake-stream',
    getTracks: () => tracks,
    getAudioTracks: () => tracks.filter((t) => t.kind === 'audio'),
    getVideoTracks: () => tracks.filter((t) => t.kind === 'video'),
  } as unknown as MediaStream;
}

/** Lets pending promise callbacks run. */
export async function flush(rounds = 5): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}
