import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isRelayError } from '../core/errors.js';
import { Logger } from '../core/logger.js';
import { createRtcPeerSession } from './RtcPeerSession.js';

/** An RTCRtpSender whose parameters round-trip like a browser's. */
class FakeSender {
  readonly replaced: unknown[] = [];
  constructor(
    readonly track: { kind: string },
    public encodings: RTCRtpEncodingParameters[],
  ) {}
  getParameters() {
    return { encodings: this.encodings.map((e) => ({ ...e })) } as RTCRtpSendParameters;
  }
  async setParameters(parameters: RTCRtpSendParameters) {
    this.encodings = parameters.encodings;
  }
  async replaceTrack(track: unknown) {
    this.replaced.push(track);
  }
}

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
  readonly senders: FakeSender[] = [];
  addTransceiver(track: { kind: string }, init: RTCRtpTransceiverInit) {
    const rids = init.sendEncodings?.map((e) => e.rid).filter(Boolean).join(',');
    this.log.push(`addTransceiver:${track.kind}:${init.direction}${rids ? `:${rids}` : ''}`);
    const sender = new FakeSender(track, init.sendEncodings ?? [{}]);
    this.senders.push(sender);
    return { sender, mid: null };
  }
  async createOffer(options?: RTCOfferOptions) {
    this.log.push(options?.iceRestart ? 'createOffer:iceRestart' : 'createOffer');
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

const twoTracks = { getTracks: () => [{ kind: 'audio' }, { kind: 'video' }] } as unknown as MediaStream;

describe('RtcPeerSession', () => {
  it("throws RelayError 'WEBRTC_UNSUPPORTED' (not a TypeError) where RTCPeerConnection is missing", () => {
    assert.equal(typeof (globalThis as { RTCPeerConnection?: unknown }).RTCPeerConnection, 'undefined');
    assert.throws(() => createRtcPeerSession(config), (e) => isRelayError(e, 'WEBRTC_UNSUPPORTED'));
  });

  it('passes the ICE servers and adds local tracks as send-only, video in three simulcast layers', () => {
    const session = createRtcPeerSession(config, Ctor);
    session.addLocalStream(twoTracks, { direction: 'sendonly', simulcast: true });
    const pc = FakeRTCPeerConnection.last;
    assert.deepEqual(pc.config.iceServers, config.iceServers);
    assert.deepEqual(pc.log, ['addTransceiver:audio:sendonly', 'addTransceiver:video:sendonly:q,h,f']);
    assert.deepEqual(pc.senders[1]!.encodings.map((e) => e.scaleResolutionDownBy), [4, 2, 1]);
  });

  it('asks for as many layers as the picture gets, the full-resolution one always among them (Chrome sends fewer below 960×540)', () => {
    const cameraAt = (width: number, height: number) =>
      ({ getTracks: () => [{ kind: 'video', getSettings: () => ({ width, height }) }] }) as unknown as MediaStream;
    const layersFor = (width: number, height: number) => {
      const session = createRtcPeerSession(config, Ctor);
      session.addLocalStream(cameraAt(width, height), { direction: 'sendonly', simulcast: true, maxBitrate: 1_200_000 });
      return FakeRTCPeerConnection.last.senders[0]!.encodings.map((e) => `${e.rid ?? '-'}/${e.scaleResolutionDownBy ?? 1}/${e.maxBitrate}`);
    };
    assert.deepEqual(layersFor(1280, 720), ['q/4/102857', 'h/2/274286', 'f/1/822857']);
    assert.deepEqual(layersFor(960, 540), ['q/4/102857', 'h/2/274286', 'f/1/822857']);
    assert.deepEqual(layersFor(640, 480), ['h/2/300000', 'f/1/900000'], '320×240 and 640×480, not 160×120 and 320×240');
    assert.deepEqual(layersFor(480, 270), ['h/2/300000', 'f/1/900000']);
    assert.deepEqual(layersFor(320, 240), ['-/1/1200000'], 'one layer at full resolution, not 80×60');
  });

  it('caps two layers in their ratio too', async () => {
    const session = createRtcPeerSession(config, Ctor);
    session.addLocalStream({ getTracks: () => [{ kind: 'video', getSettings: () => ({ width: 640, height: 480 }) }] } as unknown as MediaStream, { direction: 'sendonly', simulcast: true });
    const video = FakeRTCPeerConnection.last.senders[0]!;
    await session.setMaxBitrate(800_000);
    assert.deepEqual(video.encodings.map((e) => e.maxBitrate), [200_000, 600_000]);
  });

  it('fits the layers to a replacing track: a smaller camera or a window keeps its full resolution, a larger one gets all three back', async () => {
    const camera = (width: number, height: number) => ({ kind: 'video', getSettings: () => ({ width, height }) });
    const session = createRtcPeerSession(config, Ctor);
    session.addLocalStream({ getTracks: () => [camera(1280, 720)] } as unknown as MediaStream, { direction: 'sendonly', simulcast: true, maxBitrate: 1_200_000 });
    const video = FakeRTCPeerConnection.last.senders[0]!;
    const layers = () => video.encodings.map((e) => `${e.rid}/${e.active === false ? 'off' : `${e.scaleResolutionDownBy}/${e.maxBitrate}`}`);

    await session.replaceTrack('video', camera(640, 480) as unknown as MediaStreamTrack);
    assert.deepEqual(layers(), ['q/2/300000', 'h/1/900000', 'f/off'], 'the first two encodings (the ones Chrome keeps) at half and full size');
    await session.setMaxBitrate(800_000);
    assert.deepEqual(layers(), ['q/2/200000', 'h/1/600000', 'f/off']);
    await session.replaceTrack('video', camera(320, 240) as unknown as MediaStreamTrack);
    assert.deepEqual(layers(), ['q/1/800000', 'h/off', 'f/off']);
    await session.replaceTrack('video', camera(1920, 1080) as unknown as MediaStreamTrack);
    assert.deepEqual(layers(), ['q/4/68571', 'h/2/182857', 'f/1/548571']);
    let parametersSet = 0;
    video.setParameters = async () => void parametersSet++;
    await session.replaceTrack('video', camera(1280, 720) as unknown as MediaStreamTrack);
    assert.equal(parametersSet, 0, 'a picture that gets the same layers changes nothing');
  });

  it('sends one layer at full resolution when the answer refused simulcast', async () => {
    const session = createRtcPeerSession(config, Ctor);
    session.addLocalStream(twoTracks, { direction: 'sendonly', simulcast: true });
    const video = FakeRTCPeerConnection.last.senders[1]!;
    video.encodings = [video.encodings[0]!]; // what browsers keep when simulcast is refused
    const applying = session.acceptAnswer('answer-without-simulcast');
    await tick();
    FakeRTCPeerConnection.last.releaseRemote?.();
    await applying;
    assert.equal(video.encodings[0]!.scaleResolutionDownBy, 1);
  });

  it('caps the video bitrate as the sum of the layers, in their ratio, and removes the cap', async () => {
    const session = createRtcPeerSession(config, Ctor);
    session.addLocalStream(twoTracks, { direction: 'sendonly', simulcast: true, maxBitrate: 1_750_000 });
    const video = FakeRTCPeerConnection.last.senders[1]!;
    assert.deepEqual(video.encodings.map((e) => e.maxBitrate), [150_000, 400_000, 1_200_000]);
    await session.setMaxBitrate(700_000);
    assert.deepEqual(video.encodings.map((e) => e.maxBitrate), [60_000, 160_000, 480_000]);
    await session.setMaxBitrate(undefined);
    assert.deepEqual(video.encodings.map((e) => e.maxBitrate), [150_000, 400_000, 1_200_000]);
  });

  it('replaces a track without renegotiating, and refuses a kind it does not send', async () => {
    const session = createRtcPeerSession(config, Ctor);
    session.addLocalStream({ getTracks: () => [{ kind: 'audio' }] } as unknown as MediaStream, { direction: 'sendonly', simulcast: true });
    const replacement = { kind: 'audio', id: 'new-mic' } as unknown as MediaStreamTrack;
    await session.replaceTrack('audio', replacement);
    assert.deepEqual(FakeRTCPeerConnection.last.senders[0]!.replaced, [replacement]);
    assert.deepEqual(FakeRTCPeerConnection.last.log, ['addTransceiver:audio:sendonly']);
    await assert.rejects(session.replaceTrack('video', null), (e) => isRelayError(e, 'NO_LOCAL_MEDIA'));
  });

  it('hands out the sender of each kind it sends (getVideoSender), null for one it does not', () => {
    const session = createRtcPeerSession(config, Ctor);
    assert.equal(session.sender?.('video'), null, 'nothing before the local stream');
    session.addLocalStream(twoTracks, { direction: 'sendonly', simulcast: true });
    assert.equal(session.sender?.('video'), FakeRTCPeerConnection.last.senders[1]);
    assert.equal(session.sender?.('audio'), FakeRTCPeerConnection.last.senders[0]);
  });

  it('restarts ICE with a new offer', async () => {
    const session = createRtcPeerSession(config, Ctor);
    await session.createOffer({ iceRestart: true });
    assert.deepEqual(FakeRTCPeerConnection.last.log, ['createOffer:iceRestart', 'setLocal:offer']);
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
