/** A PeerSession without WebRTC: records calls, lets a test raise candidates, tracks and states. */
import { Emitter, type Unsubscribe } from '../core/emitter.js';
import type { IceCandidateInfo, PeerConnectionState, PeerFactory, PeerSession, PeerSessionEvents } from '../peer/PeerSession.js';

export const FAKE_OFFER = 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=fake-offer\r\n';
export const FAKE_ANSWER = 'v=0\r\no=- 3 4 IN IP4 127.0.0.1\r\ns=fake-answer\r\n';

export class FakePeer implements PeerSession {
  readonly events = new Emitter<PeerSessionEvents>();
  readonly calls: string[] = [];
  readonly remoteCandidates: IceCandidateInfo[] = [];
  localStream: MediaStream | undefined;
  isClosed = false;
  /** Set to make the next SDP operation fail. */
  failNext: Error | undefined;

  get closed(): boolean {
    return this.isClosed;
  }

  on<K extends keyof PeerSessionEvents>(name: K, listener: (payload: PeerSessionEvents[K]) => void): Unsubscribe {
    return this.events.on(name, listener);
  }

  addLocalStream(stream: MediaStream): void {
    this.calls.push('addLocalStream');
    this.localStream = stream;
  }

  async createOffer(): Promise<string> {
    this.calls.push('createOffer');
    this.maybeFail();
    return FAKE_OFFER;
  }

  async acceptOffer(sdp: string): Promise<string> {
    this.calls.push(`acceptOffer:${sdp}`);
    this.maybeFail();
    return FAKE_ANSWER;
  }

  async acceptAnswer(sdp: string): Promise<void> {
    this.calls.push(`acceptAnswer:${sdp}`);
    this.maybeFail();
  }

  async addRemoteCandidate(candidate: IceCandidateInfo): Promise<void> {
    this.remoteCandidates.push(candidate);
  }

  async getStats(): Promise<RTCStatsReport> {
    return new Map([['fake', { id: 'fake', type: 'inbound-rtp', timestamp: 0 }]]) as unknown as RTCStatsReport;
  }

  close(): void {
    this.calls.push('close');
    this.isClosed = true;
  }

  emitCandidate(candidate: IceCandidateInfo): void {
    this.events.safeEmit('localCandidate', candidate);
  }

  emitState(state: PeerConnectionState): void {
    this.events.safeEmit('connectionState', state);
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
  const tracks = kinds.map((kind, i) => ({ kind, id: `${kind}${i}` }));
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
