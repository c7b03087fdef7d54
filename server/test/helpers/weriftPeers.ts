/**
 * Real WebRTC peers (werift) for integration tests: a publisher of synthetic
 * VP8 + Opus RTP and players that record every packet they receive.
 */
import { MediaStreamTrack, RTCPeerConnection, type RTCDataChannel, RTCRtpCodecParameters, RtpHeader, RtpPacket, useNACK, usePLI, type PeerConfig } from 'werift';
import { defaultConfig } from '../../src/config.js';
import { skipImplicitStun } from '../../src/streams/weriftPeerConfig.js';
import type { ProtocolClient, WireMessage } from './protocolClient.js';

const NO_ICE_SERVERS = { ...defaultConfig.ice, iceServers: [] };

export function testPeerConfig(): Partial<PeerConfig> {
  return {
    codecs: {
      video: [new RTCRtpCodecParameters({ mimeType: 'video/VP8', clockRate: 90000, payloadType: 100, rtcpFeedback: [useNACK(), usePLI()] })],
      audio: [new RTCRtpCodecParameters({ mimeType: 'audio/opus', clockRate: 48000, channels: 2, payloadType: 109 })],
    },
    iceServers: [],
    iceAdditionalHostAddresses: ['127.0.0.1'],
    iceUseIpv6: false,
    // One transport from the start: with the default policy werift opens one per m-line and
    // never closes the ones BUNDLE makes redundant, leaking their UDP sockets.
    bundlePolicy: 'max-bundle',
    iceStunGatherTimeout: 0,
  };
}

function trickle(pc: RTCPeerConnection, client: ProtocolClient, streamId: string): void {
  pc.onIceCandidate.subscribe((c) => {
    if (c?.candidate) client.send({ command: 'takeCandidate', streamId, label: c.sdpMLineIndex ?? 0, id: c.sdpMid, candidate: c.candidate });
  });
  client.onMessage((m) => {
    if (m.command === 'takeCandidate' && m.streamId === streamId) {
      void pc.addIceCandidate({ candidate: String(m.candidate), sdpMLineIndex: Number(m.label), sdpMid: String(m.id) }).catch(() => undefined);
    }
  });
}

/** A VP8 payload: descriptor (S=1, PID=0) + payload header whose P bit marks delta frames + our packet index. */
export const SYNTHETIC_WIDTH = 640;
export const SYNTHETIC_HEIGHT = 360;

/**
 * Resolves once `pc` is connected; rejects when it fails or takes over `timeoutMs` (a test
 * then fails saying so instead of hanging until its file's time limit).
 */
export function connected(pc: RTCPeerConnection, timeoutMs = 20_000): Promise<void> {
  if (pc.connectionState === 'connected') return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`peer connection not connected after ${timeoutMs} ms (${pc.connectionState})`)), timeoutMs);
    pc.connectionStateChange.subscribe((state) => {
      if (state !== 'connected' && state !== 'failed') return;
      clearTimeout(timer);
      if (state === 'connected') resolve();
      else reject(new Error('peer connection failed (ICE or DTLS)'));
    });
  });
}

export function syntheticVp8Payload(index: number, keyframe: boolean, size = 1000): Buffer {
  const payload = Buffer.alloc(size);
  payload[0] = 0x10; // S=1, PID=0, no extension: payload header starts at byte 1
  payload[1] = keyframe ? 0x00 : 0x01; // frame tag: P bit clear on keyframes
  if (keyframe) {
    payload.set([0x9d, 0x01, 0x2a], 4); // RFC 6386 §9.1 start code, then the frame size
    payload.writeUInt16LE(SYNTHETIC_WIDTH, 7);
    payload.writeUInt16LE(SYNTHETIC_HEIGHT, 9);
  }
  payload.writeUInt32BE(index, 12);
  return payload;
}

export function payloadIndex(payload: Buffer): number {
  return payload.readUInt32BE(12);
}

export interface SyntheticPublisher {
  /** Its werift peer connection (an ICE restart offers from it). */
  readonly pc: RTCPeerConnection;
  /** The publisher's data channel (label = streamId), when asked for. */
  readonly dataChannel: RTCDataChannel | undefined;
  /** Index of the next video packet to send (= video packets sent so far). */
  readonly sent: number;
  readonly keyframeRequests: number;
  sendVideoPacket(): void;
  close(): Promise<void>;
}

/** Publishes over the protocol; resolves once the server says publish_started. */
export async function publishSynthetic(client: ProtocolClient, streamId: string, options: { dataChannel?: boolean } = {}): Promise<SyntheticPublisher> {
  const pc = new RTCPeerConnection(testPeerConfig());
  const dataChannel = options.dataChannel ? pc.createDataChannel(streamId, { ordered: true }) : undefined;
  const videoTrack = new MediaStreamTrack({ kind: 'video' });
  const audioTrack = new MediaStreamTrack({ kind: 'audio' });
  const video = pc.addTransceiver(videoTrack, { direction: 'sendonly' });
  pc.addTransceiver(audioTrack, { direction: 'sendonly' });
  trickle(pc, client, streamId);
  let keyframeWanted = true;
  let keyframeRequests = 0;
  video.sender.onPictureLossIndication.subscribe(() => {
    keyframeRequests++;
    keyframeWanted = true;
  });

  client.send({ command: 'publish', streamId, video: true, audio: true });
  await client.next((m) => m.command === 'start' && m.streamId === streamId, 5000, 'start');
  const offer = await pc.createOffer();
  skipImplicitStun(pc, { ice: NO_ICE_SERVERS });
  await pc.setLocalDescription(offer);
  client.send({ command: 'takeConfiguration', streamId, type: 'offer', sdp: pc.localDescription!.sdp });
  const answer = await client.next((m) => m.command === 'takeConfiguration' && m.type === 'answer' && m.streamId === streamId, 5000, 'answer');
  await pc.setRemoteDescription({ type: 'answer', sdp: String(answer.sdp) });
  await connected(pc);

  let sent = 0;
  const sendVideoPacket = (): void => {
    const keyframe = keyframeWanted || sent % 60 === 0;
    keyframeWanted = false;
    const header = new RtpHeader({ payloadType: 100, sequenceNumber: sent & 0xffff, timestamp: 3000 * sent, marker: true });
    videoTrack.writeRtp(new RtpPacket(header, syntheticVp8Payload(sent, keyframe)));
    sent++;
  };
  sendVideoPacket();
  await client.notification('publish_started', streamId);
  return {
    pc,
    dataChannel,
    get sent() {
      return sent;
    },
    get keyframeRequests() {
      return keyframeRequests;
    },
    sendVideoPacket,
    close: () => pc.close(),
  };
}

export interface ReceivedPacket {
  sequenceNumber: number;
  timestamp: number;
  ssrc: number;
  payloadType: number;
  index: number;
  /** The VP8 payload header's P bit is clear. */
  keyframe: boolean;
}

export interface RecordingPlayer {
  readonly offer: WireMessage;
  /** Sender reports from the server: SSRC and RTP timestamp. */
  readonly senderReports: Array<{ ssrc: number; rtpTimestamp: number }>;
  /** The channel the server opened on this play connection, once it is open. */
  readonly dataChannel: Promise<RTCDataChannel>;
  readonly video: ReceivedPacket[];
  readonly pc: RTCPeerConnection;
  close(): Promise<void>;
}

/** Plays over the protocol; resolves once the server says play_started. */
export async function playAndRecord(client: ProtocolClient, streamId: string): Promise<RecordingPlayer> {
  const pc = new RTCPeerConnection(testPeerConfig());
  const video: ReceivedPacket[] = [];
  const senderReports: Array<{ ssrc: number; rtpTimestamp: number }> = [];
  pc.connectionStateChange.subscribe((state) => {
    if (state !== 'connected') return;
    pc.dtlsTransports[0]?.onRtcp.subscribe((rtcp) => {
      if (rtcp.type === 200) senderReports.push({ ssrc: rtcp.ssrc, rtpTimestamp: rtcp.senderInfo.rtpTimestamp });
    });
  });
  const dataChannel = new Promise<RTCDataChannel>((resolve) =>
    pc.onDataChannel.subscribe((channel) => (channel.readyState === 'open' ? resolve(channel) : channel.stateChanged.subscribe((s) => s === 'open' && resolve(channel)))),
  );
  pc.onTrack.subscribe((track) => {
    if (track.kind !== 'video') return;
    track.onReceiveRtp.subscribe((rtp) => {
      video.push({ sequenceNumber: rtp.header.sequenceNumber, timestamp: rtp.header.timestamp, ssrc: rtp.header.ssrc, payloadType: rtp.header.payloadType, index: payloadIndex(rtp.payload), keyframe: (rtp.payload[1]! & 0x01) === 0 });
    });
  });
  trickle(pc, client, streamId);
  client.send({ command: 'play', streamId });
  const offer = await client.next((m) => m.command === 'takeConfiguration' && m.type === 'offer' && m.streamId === streamId, 5000, 'play offer');
  await pc.setRemoteDescription({ type: 'offer', sdp: String(offer.sdp) });
  const answer = await pc.createAnswer();
  skipImplicitStun(pc, { ice: NO_ICE_SERVERS });
  await pc.setLocalDescription(answer);
  client.send({ command: 'takeConfiguration', streamId, type: 'answer', sdp: pc.localDescription!.sdp });
  await client.notification('play_started', streamId);
  return { offer, video, senderReports, pc, dataChannel, close: () => pc.close() };
}
