import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isRelayError } from '../core/errors.js';
import { Logger } from '../core/logger.js';
import { createRtcPeerSession } from './RtcPeerSession.js';

/** Just enough RTCPeerConnection to watch what the session calls, and when. */
class FakeRTCPeerConnection {
  static last: FakeRTCPeerConnection;
  readonly log: string[] = [];
  connectionState = 'new';
  onicecandidate: ((e: { candidate: unknown }) => void) | null = null;
  ontrack: unknown = null;
  onconnectionstatechange: (() => void) | null = null;
  oniceconnectionstatechange: unknown = null;
  releaseRemote: (() => void) | undefined;

  constructor(readonly config: RTCConfiguration) {
    FakeRTCPeerConnection.last = this;
  }
  addTransceiver(track: { kind: string }, init: RTCRtpTransceiverInit) {
    this.log.push(`addTransceiver:${track.kind}:${init.direction}`);
  }
  async createOffer() {
    this.log.push('createOffer');
    return { type: 'offer', sdp: 'offer-sdp' };
  }
  async createAnswer() {
    this.log.push('createAnswer');
    return { type: 'answer', sdp: 'answer-sdp' };
  }
  async setLocalDescription(d: RTCSessionDescriptionInit) {
    this.log.push(`setLocal:${d.type}`);
  }
  setRemoteDescription(d: RTCSessionDescriptionInit) {
    this.log.push(`setRemote:${d.type}:start`);
    return new Promise<void>((resolve) => {
      this.releaseRemote = () => {
        this.log.push(`setRemote:${d.type}:end`);
        resolve();
      };
    });
  }
  async addIceCandidate(c: RTCIceCandidateInit) {
    this.log.push(`addIceCandidate:${c.candidate}:${c.sdpMLineIndex}:${c.sdpMid}`);
  }
  async getStats() {
    return new Map();
  }
  close() {
    this.log.push('close');
  }
}

const tick = () => new Promise((resolve) => setImmediate(resolve));
const Ctor = FakeRTCPeerConnection as unknown as typeof RTCPeerConnection;
const config = { iceServers: [{ urls: 'stun:example.test' }], logger: new Logger('test') };

describe('RtcPeerSession', () => {
  it("throws RelayError 'WEBRTC_UNSUPPORTED' (not a TypeError) where RTCPeerConnection is missing", () => {
    assert.equal(typeof (globalThis as { RTCPeerConnection?: unknown }).RTCPeerConnection, 'undefined');
    assert.throws(() => createRtcPeerSession(config), (e) => isRelayError(e, 'WEBRTC_UNSUPPORTED'));
  });

  it('passes the ICE servers and adds local tracks as send-only', () => {
    const session = createRtcPeerSession(config, Ctor);
    session.addLocalStream({ getTracks: () => [{ kind: 'audio' }, { kind: 'video' }] } as unknown as MediaStream);
    const pc = FakeRTCPeerConnection.last;
    assert.deepEqual(pc.config.iceServers, config.iceServers);
    assert.deepEqual(pc.log, ['addTransceiver:audio:sendonly', 'addTransceiver:video:sendonly']);
  });

  it('queues remote candidates until the remote description is set, then applies them in order', async () => {
    const session = createRtcPeerSession(config, Ctor);
    const pc = FakeRTCPeerConnection.last;
    await session.addRemoteCandidate({ candidate: 'candidate:1', sdpMLineIndex: 0, sdpMid: '0' });
    const answering = session.acceptOffer('server-offer');
    await tick();
    await session.addRemoteCandidate({ candidate: 'candidate:2', sdpMLineIndex: 1 });
    assert.deepEqual(pc.log, ['setRemote:offer:start']);
    pc.releaseRemote?.();
    assert.equal(await answering, 'answer-sdp');
    assert.deepEqual(pc.log, [
      'setRemote:offer:start',
      'setRemote:offer:end',
      'addIceCandidate:candidate:1:0:0',
      'addIceCandidate:candidate:2:1:undefined',
      'createAnswer',
      'setLocal:answer',
    ]);
    await session.addRemoteCandidate({ candidate: 'candidate:3', sdpMLineIndex: 0 });
    assert.equal(pc.log.at(-1), 'addIceCandidate:candidate:3:0:undefined');
  });

  it('serializes SDP work: an answer is applied only after the offer is fully created', async () => {
    const session = createRtcPeerSession(config, Ctor);
    const pc = FakeRTCPeerConnection.last;
    const offering = session.createOffer();
    const applying = session.acceptAnswer('server-answer');
    assert.equal(await offering, 'offer-sdp');
    await tick();
    pc.releaseRemote?.();
    await applying;
    assert.deepEqual(pc.log, ['createOffer', 'setLocal:offer', 'setRemote:answer:start', 'setRemote:answer:end']);
  });

  it('emits local candidates, skipping end-of-candidates markers', () => {
    const session = createRtcPeerSession(config, Ctor);
    const pc = FakeRTCPeerConnection.last;
    const seen: unknown[] = [];
    session.on('localCandidate', (c) => seen.push(c));
    pc.onicecandidate?.({ candidate: { candidate: 'candidate:9', sdpMLineIndex: 1, sdpMid: '1' } });
    pc.onicecandidate?.({ candidate: { candidate: '', sdpMLineIndex: 0, sdpMid: '0' } });
    pc.onicecandidate?.({ candidate: null });
    assert.deepEqual(seen, [{ candidate: 'candidate:9', sdpMLineIndex: 1, sdpMid: '1' }]);
  });

  it("wraps SDP failures as 'NEGOTIATION_FAILED' and rejects queued work after close()", async () => {
    const session = createRtcPeerSession(config, Ctor);
    const pc = FakeRTCPeerConnection.last;
    pc.createOffer = async () => {
      throw new Error('bad sdp');
    };
    await assert.rejects(session.createOffer(), (e) => isRelayError(e, 'NEGOTIATION_FAILED') && e.cause instanceof Error);
    session.close();
    assert.equal(session.closed, true);
    assert.equal(pc.log.at(-1), 'close');
    await assert.rejects(session.acceptAnswer('x'), (e) => isRelayError(e, 'ABORTED'));
  });

  it('reports connection state changes', () => {
    const session = createRtcPeerSession(config, Ctor);
    const pc = FakeRTCPeerConnection.last;
    const states: string[] = [];
    session.on('connectionState', (s) => states.push(s));
    pc.connectionState = 'connected';
    pc.onconnectionstatechange?.();
    assert.deepEqual(states, ['connected']);
  });
});
