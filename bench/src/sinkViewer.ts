/**
 * One bench viewer: a real werift peer (signaling, ICE, DTLS, SRTP keys) that
 * plays the stream, but counts most packets from their clear SRTP header
 * instead of decrypting them, so one process can hold a few hundred viewers
 * on a 2-core machine, as the Janus figures in DESIGN.md were measured with
 * cheap socket-sink viewers.
 *
 * Every VERIFY_EVERY-th packet (and every packet until the first decrypts)
 * still goes through werift's SRTP decryption: it proves the server's SRTP is
 * valid, gives the viewer's sequence-number → publisher-index offset, and
 * samples end-to-end latency. Loss is not repaired: no NACKs (werift's
 * generator is switched off here, as it would NACK the packets we skip).
 */
import { RTCPeerConnection, RTCRtpCodecParameters, type RtpPacket } from 'werift';
import { defaultConfig } from '../../server/src/config.js';
import { skipImplicitStun } from '../../server/src/streams/weriftPeerConfig.js';
import { connected, ProtocolClient, testPeerConfig, trickle } from './signaling.js';
import { Samples } from './stats.js';
import { readBenchFields } from './syntheticVideo.js';

const NO_ICE_SERVERS = { ice: { ...defaultConfig.ice, iceServers: [] } };
/** One packet in 32 decrypted: ~10 per second per viewer. */
const VERIFY_EVERY = 32;

/** RFC 5761 §4: RTP, not RTCP (payload types 64-95 with the marker bit are RTCP's 192-223). */
function isRtp(data: Buffer): boolean {
  if (data.length < 12 || data[0]! >> 6 !== 2) return false;
  const pt = data[1]! & 0x7f;
  return pt < 64 || pt > 95;
}

type DatagramHandler = (data: Buffer, addr: unknown) => void;
interface UdpTransportLike {
  onData: DatagramHandler;
}

export interface ViewerCounts {
  /** Distinct packets of the window's indexes received (a resend counts once). */
  inWindow: number;
  /** Packets of the window received more than once (resends: the publisher answering NACKs upstream). */
  duplicates: number;
  /** Packets decrypted by werift since the window was set. */
  verified: number;
  /** Decrypted packets whose payload index disagreed with the one derived from the header. */
  mismatches: number;
  /** RTP packets received since the start. */
  packets: number;
}

export class SinkViewer {
  packets = 0;
  verified = 0;
  mismatches = 0;
  private inWindow = 0;
  private duplicates = 0;
  /** One byte per index of the window: seen or not. */
  private seen = new Uint8Array(0);
  private windowStart = Number.POSITIVE_INFINITY;
  private windowEnd = Number.POSITIVE_INFINITY;
  /** (viewer sequence number - publisher index) mod 2^16, once a packet decrypted. */
  private offset: number | undefined;
  private lastIndex = 0;
  private sinceVerify = 0;
  private forwardedAtNs = 0n;
  private firstPacket: (() => void) | undefined;
  /** Publisher send → this viewer's receipt, ms, from decrypted packets. */
  readonly latencyMs = new Samples(4096);

  private constructor(
    private readonly client: ProtocolClient,
    private readonly pc: RTCPeerConnection,
  ) {}

  static async start(url: string, streamId: string, timeoutMs: number): Promise<SinkViewer> {
    const client = await ProtocolClient.connect(url);
    const pc = new RTCPeerConnection({
      ...testPeerConfig(),
      // No rtcp-fb: the viewer neither NACKs nor sends PLIs (the server asks for keyframes on join).
      codecs: { video: [new RTCRtpCodecParameters({ mimeType: 'video/VP8', clockRate: 90000, payloadType: 100, rtcpFeedback: [] })], audio: [] },
    });
    const viewer = new SinkViewer(client, pc);
    try {
      await viewer.play(streamId, timeoutMs);
    } catch (error) {
      await viewer.close();
      throw error;
    }
    return viewer;
  }

  /** Counts packets of publisher indexes [start, end) from now on. */
  setWindow(start: number, end: number): void {
    this.windowStart = start;
    this.windowEnd = end;
    this.inWindow = 0;
    this.duplicates = 0;
    this.verified = 0;
    this.seen = new Uint8Array(Math.max(0, end - start));
    this.latencyMs.clear();
  }

  counts(): ViewerCounts {
    return { inWindow: this.inWindow, duplicates: this.duplicates, verified: this.verified, mismatches: this.mismatches, packets: this.packets };
  }

  /** The DTLS-SRTP protection profile id the handshake chose (RFC 5764 §4.1.2). */
  srtpProfileId(): number | undefined {
    return this.pc.dtlsTransports[0]?.srtp?.config?.profile;
  }

  async close(): Promise<void> {
    await this.pc.close().catch(() => undefined);
    await this.client.close().catch(() => undefined);
  }

  private async play(streamId: string, timeoutMs: number): Promise<void> {
    const { client, pc } = this;
    const started = new Promise<void>((resolve) => (this.firstPacket = resolve));
    pc.onTrack.subscribe((track) => track.onReceiveRtp.subscribe((rtp) => this.decrypted(rtp)));
    trickle(pc, client, streamId);
    client.send({ command: 'play', streamId });
    const offer = await client.next((m) => m.command === 'takeConfiguration' && m.type === 'offer' && m.streamId === streamId, timeoutMs, 'play offer');
    await pc.setRemoteDescription({ type: 'offer', sdp: String(offer.sdp) });
    for (const transceiver of pc.getTransceivers()) {
      // werift NACKs every gap it sees; it sees only the packets we let through.
      (transceiver.receiver as unknown as { nack: { addPacket(packet: unknown): void } }).nack.addPacket = () => undefined;
    }
    const answer = await pc.createAnswer();
    skipImplicitStun(pc, NO_ICE_SERVERS);
    await pc.setLocalDescription(answer);
    client.send({ command: 'takeConfiguration', streamId, type: 'answer', sdp: pc.localDescription!.sdp });
    await connected(pc, timeoutMs);
    this.intercept();
    await withTimeout(started, timeoutMs, 'no decryptable packet');
  }

  /** Takes the media socket's datagrams before werift's ICE/SRTP stack does. */
  private intercept(): void {
    const pair = this.pc.dtlsTransports[0]?.iceTransport.connection.nominated;
    const transport = (pair?.protocol as unknown as { transport?: UdpTransportLike } | undefined)?.transport;
    if (!transport) throw new Error('no nominated UDP candidate pair to read from');
    const werift = transport.onData;
    transport.onData = (data, addr) => {
      if (!isRtp(data)) return werift(data, addr);
      this.packets++;
      if (this.offset === undefined) return this.forward(werift, data, addr);
      const index = this.indexOf(data.readUInt16BE(2));
      if (index >= this.windowStart && index < this.windowEnd) this.count(index - this.windowStart);
      if (++this.sinceVerify >= VERIFY_EVERY) {
        this.sinceVerify = 0;
        this.forward(werift, data, addr);
      }
    };
  }

  private count(slot: number): void {
    if (this.seen[slot]) {
      this.duplicates++;
      return;
    }
    this.seen[slot] = 1;
    this.inWindow++;
  }

  private forward(werift: DatagramHandler, data: Buffer, addr: unknown): void {
    this.forwardedAtNs = process.hrtime.bigint();
    werift(data, addr);
  }

  /** The publisher index of a packet with this sequence number, nearest the last one seen. */
  private indexOf(sequenceNumber: number): number {
    const low = (sequenceNumber - this.offset!) & 0xffff;
    const delta = ((((low - this.lastIndex) & 0xffff) + 0x8000) & 0xffff) - 0x8000;
    const index = this.lastIndex + delta;
    if (delta > 0) this.lastIndex = index;
    return index;
  }

  private decrypted(rtp: RtpPacket): void {
    const fields = readBenchFields(rtp.payload);
    if (!fields) return;
    this.verified++;
    if (this.offset === undefined) {
      this.offset = (rtp.header.sequenceNumber - fields.index) & 0xffff;
      this.lastIndex = fields.index;
      this.firstPacket?.();
      return;
    }
    if (this.indexOf(rtp.header.sequenceNumber) !== fields.index) this.mismatches++;
    if (this.forwardedAtNs > 0n) this.latencyMs.push(Number(this.forwardedAtNs - fields.sentAtNs) / 1e6);
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([promise, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} within ${ms} ms`)), ms)))]).finally(() => clearTimeout(timer));
}
