/**
 * Conference room participants for integration tests: a werift publisher
 * (mainTrack = the room) sending synthetic VP8 and Opus whose payloads carry
 * the participant's tag, with the RFC 6464 audio level set per packet, and a
 * room player that answers every server offer (renegotiations included) and
 * records which participant's bytes arrive on which mid.
 */
import { MediaStreamTrack, RTCPeerConnection, RtpHeader, RtpPacket, useAudioLevelIndication, useSdesMid, type RTCDataChannel } from 'werift';
import { defaultConfig } from '../../src/config.js';
import { skipImplicitStun } from '../../src/streams/weriftPeerConfig.js';
import type { ProtocolClient, WireMessage } from './protocolClient.js';
import { connected, syntheticVp8Payload, testPeerConfig } from './weriftPeers.js';

const NO_ICE_SERVERS = { ...defaultConfig.ice, iceServers: [] };
const AUDIO_LEVEL_URI = 'urn:ietf:params:rtp-hdrext:ssrc-audio-level';
/** Byte offset of the participant tag in our synthetic payloads. */
const TAG_OFFSET = 16;

function roomPeerConfig() {
  return { ...testPeerConfig(), headerExtensions: { audio: [useSdesMid(), useAudioLevelIndication()], video: [useSdesMid()] } };
}

/** A participant's tag: its id as a 4-byte number, written into every payload it sends. */
export function tagOf(participantId: string): number {
  let hash = 0;
  for (const char of participantId) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return hash;
}

function trickle(pc: RTCPeerConnection, client: ProtocolClient, streamId: string): () => void {
  pc.onIceCandidate.subscribe((c) => {
    if (c?.candidate) client.send({ command: 'takeCandidate', streamId, label: c.sdpMLineIndex ?? 0, id: c.sdpMid, candidate: c.candidate });
  });
  return client.onMessage((m) => {
    if (m.command === 'takeCandidate' && m.streamId === streamId) {
      void pc.addIceCandidate({ candidate: String(m.candidate), sdpMLineIndex: Number(m.label), sdpMid: String(m.id) }).catch(() => undefined);
    }
  });
}

export interface RoomPublisher {
  readonly id: string;
  readonly dataChannel: RTCDataChannel;
  /** 0 (loud) … 127 (silent): the level the next audio packets carry. */
  audioLevel: number;
  close(): Promise<void>;
}

/** Publishes `id` into `roomId` and keeps sending 50 video and 50 audio packets a second until closed. */
/** `legacy`: publish without mainTrack, as a client that joined the room with joinRoom first (§4.4.4). */
export async function publishToRoom(client: ProtocolClient, roomId: string, id: string, options: { audioLevel?: number; metaData?: string; legacy?: boolean } = {}): Promise<RoomPublisher> {
  const pc = new RTCPeerConnection(roomPeerConfig());
  const dataChannel = pc.createDataChannel(id, { ordered: true });
  const videoTrack = new MediaStreamTrack({ kind: 'video' });
  const audioTrack = new MediaStreamTrack({ kind: 'audio' });
  const video = pc.addTransceiver(videoTrack, { direction: 'sendonly' });
  const audio = pc.addTransceiver(audioTrack, { direction: 'sendonly' });
  const stopTrickle = trickle(pc, client, id);
  let keyframeWanted = true;
  video.sender.onPictureLossIndication.subscribe(() => (keyframeWanted = true));
  client.send({ command: 'publish', streamId: id, mainTrack: options.legacy ? undefined : roomId, streamName: `name-${id}`, video: true, audio: true, metaData: options.metaData ?? '' });
  await client.next((m) => m.command === 'start' && m.streamId === id, 5000, 'start');
  const offer = await pc.createOffer();
  skipImplicitStun(pc, { ice: NO_ICE_SERVERS });
  await pc.setLocalDescription(offer);
  client.send({ command: 'takeConfiguration', streamId: id, type: 'offer', sdp: pc.localDescription!.sdp });
  const answer = await client.next((m) => m.command === 'takeConfiguration' && m.type === 'answer' && m.streamId === id, 5000, 'answer');
  await pc.setRemoteDescription({ type: 'answer', sdp: String(answer.sdp) });
  await connected(pc);
  const levelId = audio.headerExtensions.find((e) => e.uri === AUDIO_LEVEL_URI)?.id;
  if (levelId === undefined) throw new Error('the server did not negotiate ssrc-audio-level');
  const tag = tagOf(id);
  let sent = 0;
  const publisher: RoomPublisher = {
    id,
    dataChannel,
    audioLevel: options.audioLevel ?? 127,
    close: async () => {
      clearInterval(pacer);
      stopTrickle();
      await pc.close();
    },
  };
  const sendOne = (): void => {
    const keyframe = keyframeWanted || sent % 50 === 0;
    keyframeWanted = false;
    const payload = syntheticVp8Payload(sent, keyframe, 600);
    payload.writeUInt32BE(tag, TAG_OFFSET);
    videoTrack.writeRtp(new RtpPacket(new RtpHeader({ payloadType: 100, sequenceNumber: sent & 0xffff, timestamp: 3000 * sent, marker: true }), payload));
    const opus = Buffer.alloc(60, 0x55);
    opus.writeUInt32BE(tag, TAG_OFFSET);
    const header = new RtpHeader({
      payloadType: 109,
      sequenceNumber: sent & 0xffff,
      timestamp: 960 * sent,
      marker: false,
      extension: true,
      extensions: [{ id: levelId, payload: Buffer.from([0x80 | publisher.audioLevel]) }],
    });
    audioTrack.writeRtp(new RtpPacket(header, opus));
    sent++;
  };
  sendOne();
  const pacer = setInterval(sendOne, 20);
  await client.notification('publish_started', id);
  return publisher;
}

export interface RoomPlayer {
  readonly offers: WireMessage[];
  /** The latest idMapping (mid → ARDAMS track id). */
  readonly idMapping: Record<string, string>;
  /** Per mid: tags of the packets received, with arrival times. */
  readonly byMid: Map<string, Array<{ tag: number; at: number; kind: string }>>;
  readonly dataMessages: string[];
  readonly pc: RTCPeerConnection;
  /** Participant ids whose tag arrived on a mid mapped to their own track id, since `since` (ms epoch). */
  participantsSeen(kind: 'audio' | 'video', since?: number): Set<string>;
  /** Tags arrived on any mid since `since`. */
  tagsSince(since: number, kind?: 'audio' | 'video'): Set<number>;
  close(): Promise<void>;
}

/** Plays room `roomId` as participant `ownId` (userPublishId); answers every offer. */
export async function playRoom(client: ProtocolClient, roomId: string, ownId: string | undefined, extra: Record<string, unknown> = {}): Promise<RoomPlayer> {
  const pc = new RTCPeerConnection(roomPeerConfig());
  const offers: WireMessage[] = [];
  const byMid = new Map<string, Array<{ tag: number; at: number; kind: string }>>();
  const dataMessages: string[] = [];
  let idMapping: Record<string, string> = {};
  pc.onDataChannel.subscribe((channel) => channel.onMessage.subscribe((m) => dataMessages.push(String(m))));
  pc.onTransceiverAdded.subscribe((transceiver) => {
    transceiver.onTrack.subscribe((track) => {
      track.onReceiveRtp.subscribe((rtp) => {
        const mid = transceiver.mid ?? '?';
        const list = byMid.get(mid) ?? [];
        byMid.set(mid, list);
        if (rtp.payload.length >= TAG_OFFSET + 4) list.push({ tag: rtp.payload.readUInt32BE(TAG_OFFSET), at: Date.now(), kind: track.kind });
      });
    });
  });
  const stopTrickle = trickle(pc, client, roomId);
  let chain = Promise.resolve();
  const stopAnswering = client.onMessage((m) => {
    if (m.command !== 'takeConfiguration' || m.type !== 'offer' || m.streamId !== roomId) return;
    offers.push(m);
    chain = chain.then(async () => {
      idMapping = (m.idMapping as Record<string, string>) ?? {};
      await pc.setRemoteDescription({ type: 'offer', sdp: String(m.sdp) });
      const answer = await pc.createAnswer();
      skipImplicitStun(pc, { ice: NO_ICE_SERVERS });
      await pc.setLocalDescription(answer);
      client.send({ command: 'takeConfiguration', streamId: roomId, type: 'answer', sdp: pc.localDescription!.sdp });
    });
  });
  client.send({ command: 'play', streamId: roomId, room: roomId, trackList: [], userPublishId: ownId ?? '', ...extra });
  await client.notification('play_started', roomId, 8000);
  const participantsSeen = (kind: 'audio' | 'video', since = 0): Set<string> => {
    const seen = new Set<string>();
    const prefix = kind === 'audio' ? 'ARDAMSa' : 'ARDAMSv';
    for (const [mid, trackId] of Object.entries(idMapping)) {
      if (!trackId.startsWith(prefix)) continue;
      const participant = trackId.slice(prefix.length);
      if (byMid.get(mid)?.some((p) => p.at >= since && p.tag === tagOf(participant))) seen.add(participant);
    }
    return seen;
  };
  return {
    offers,
    get idMapping() {
      return idMapping;
    },
    byMid,
    dataMessages,
    pc,
    participantsSeen,
    tagsSince: (since, kind) => new Set([...byMid.values()].flat().filter((p) => p.at >= since && (kind === undefined || p.kind === kind)).map((p) => p.tag)),
    close: async () => {
      stopAnswering();
      stopTrickle();
      await pc.close();
    },
  };
}
