/**
 * The bench's publisher: a werift peer that publishes over the protocol and
 * sends the synthetic 2.5 Mbps VP8 schedule, answering PLIs with keyframes.
 */
import { MediaStreamTrack, RTCPeerConnection, RtpHeader, RtpPacket } from 'werift';
import { defaultConfig } from '../../server/src/config.js';
import { skipImplicitStun } from '../../server/src/streams/weriftPeerConfig.js';
import { connected, ProtocolClient, testPeerConfig, trickle } from './signaling.js';
import { DEFAULT_PACING_FACTOR, SyntheticVideo } from './syntheticVideo.js';

const NO_ICE_SERVERS = { ice: { ...defaultConfig.ice, iceServers: [] } };
/** How often the sending loop wakes; packets are due every ~1.3 ms, so each wake sends a few. */
const TICK_MS = 2;

export class BenchPublisher {
  private readonly video: SyntheticVideo;
  private timer: NodeJS.Timeout | undefined;
  private startNs = 0n;
  sent = 0;
  keyframeRequests = 0;
  /** Largest number of packets that were overdue at one wake (the publisher falling behind). */
  maxBacklog = 0;

  private constructor(
    private readonly client: ProtocolClient,
    private readonly pc: RTCPeerConnection,
    private readonly track: MediaStreamTrack,
    pacingFactor: number,
  ) {
    this.video = new SyntheticVideo(pacingFactor);
  }

  static async start(url: string, streamId: string, pacingFactor?: number): Promise<BenchPublisher> {
    const client = await ProtocolClient.connect(url);
    const pc = new RTCPeerConnection(testPeerConfig());
    const track = new MediaStreamTrack({ kind: 'video' });
    const transceiver = pc.addTransceiver(track, { direction: 'sendonly' });
    const publisher = new BenchPublisher(client, pc, track, pacingFactor ?? DEFAULT_PACING_FACTOR);
    transceiver.sender.onPictureLossIndication.subscribe(() => {
      publisher.keyframeRequests++;
      publisher.video.requestKeyframe();
    });
    trickle(pc, client, streamId);
    client.send({ command: 'publish', streamId, video: true, audio: false });
    await client.next((m) => m.command === 'start' && m.streamId === streamId, 10_000, 'start');
    const offer = await pc.createOffer();
    skipImplicitStun(pc, NO_ICE_SERVERS);
    await pc.setLocalDescription(offer);
    client.send({ command: 'takeConfiguration', streamId, type: 'offer', sdp: pc.localDescription!.sdp });
    const answer = await client.next((m) => m.command === 'takeConfiguration' && m.type === 'answer' && m.streamId === streamId, 10_000, 'answer');
    await pc.setRemoteDescription({ type: 'answer', sdp: String(answer.sdp) });
    await connected(pc, 10_000);
    publisher.run();
    await client.notification('publish_started', streamId, 10_000);
    return publisher;
  }

  /** Index of the next packet the publisher will send. */
  get nextIndex(): number {
    return this.video.nextIndex;
  }

  /** Resolves once packet `index` has been sent (bounded by `timeoutMs`). */
  async waitForIndex(index: number, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.sent <= index) {
      if (Date.now() > deadline) throw new Error(`publisher did not reach packet ${index} within ${timeoutMs} ms (at ${this.sent})`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  private run(): void {
    this.startNs = process.hrtime.bigint();
    const tick = (): void => {
      const nowMs = Number(process.hrtime.bigint() - this.startNs) / 1e6;
      this.maxBacklog = Math.max(this.maxBacklog, this.video.backlog);
      for (let packet = this.video.nextDue(nowMs); packet; packet = this.video.nextDue(nowMs)) {
        const header = new RtpHeader({ payloadType: 100, sequenceNumber: packet.index & 0xffff, timestamp: packet.timestamp, marker: packet.marker });
        this.track.writeRtp(new RtpPacket(header, packet.payload(process.hrtime.bigint())));
        this.sent++;
      }
      this.timer = setTimeout(tick, TICK_MS);
    };
    tick();
  }

  async close(): Promise<void> {
    clearTimeout(this.timer);
    await this.pc.close().catch(() => undefined);
    await this.client.close();
  }
}
