/**
 * A VP8-shaped packet schedule for one 2.5 Mbps stream: 30 frames/s, ~1000-
 * byte payloads, a keyframe every 2 s (or on request), and the packets of
 * each frame released through a pacer at 2.5× the media rate as Chrome's
 * does, so keyframes arrive as bursts but never as one instant spike.
 *
 * Every payload carries, in the clear for the server (after the publisher
 * leg's SRTP is removed), the packet's index and the publisher's send time on
 * the machine-wide monotonic clock: the server's fan-out probe and the
 * viewers read them.
 */

export const PAYLOAD_BYTES = 1000;
export const FRAMES_PER_SECOND = 30;
export const GOP_FRAMES = 60; // a keyframe every 2 s
/** 2.5 Mbps of 1000-byte payloads: 312.5 packets/s, 625 per 2 s group of pictures. */
export const PACKETS_PER_SECOND = 312.5;
const PACKETS_PER_GOP = (PACKETS_PER_SECOND * GOP_FRAMES) / FRAMES_PER_SECOND;
const KEYFRAME_PACKETS = 45;
/** Chrome's pacer sends at 2.5× the target rate (its pacing factor). */
export const DEFAULT_PACING_FACTOR = 2.5;
const RTP_CLOCK_PER_FRAME = 90000 / FRAMES_PER_SECOND;

/** Where the bench fields sit in the payload: after the VP8 descriptor and frame header. */
export const BENCH_FIELDS_OFFSET = 16;
/** "RBNC": marks a payload as ours. */
export const BENCH_MAGIC = 0x52424e43;

export interface BenchFields {
  index: number;
  /** process.hrtime.bigint() at the publisher, in ns. */
  sentAtNs: bigint;
}

/** The index and send time in a payload, or undefined when it is not a bench packet. */
export function readBenchFields(payload: Buffer): BenchFields | undefined {
  const at = BENCH_FIELDS_OFFSET;
  if (payload.length < at + 16 || payload.readUInt32BE(at + 12) !== BENCH_MAGIC) return undefined;
  return { index: payload.readUInt32BE(at), sentAtNs: payload.readBigUInt64BE(at + 4) };
}

export interface SyntheticPacket {
  index: number;
  /** RTP timestamp (90 kHz), one per frame. */
  timestamp: number;
  /** Last packet of its frame (RFC 7741 §4.1: the marker bit). */
  marker: boolean;
  keyframe: boolean;
  /** Milliseconds from the schedule's start at which the pacer releases it. */
  dueMs: number;
  /** Builds the payload, stamping `sentAtNs` into it. */
  payload(sentAtNs: bigint): Buffer;
}

/** Packets in delta frame `n` (1..59) of a group: what is left after the keyframe, spread evenly. */
function deltaFramePackets(n: number): number {
  const perGop = PACKETS_PER_GOP - KEYFRAME_PACKETS;
  const frames = GOP_FRAMES - 1;
  return Math.floor((n * perGop) / frames) - Math.floor(((n - 1) * perGop) / frames);
}

function vp8Payload(index: number, firstOfFrame: boolean, keyframe: boolean, sentAtNs: bigint): Buffer {
  const payload = Buffer.alloc(PAYLOAD_BYTES);
  // RFC 7741 §4.2: S=1 on a frame's first packet, PID 0, no extensions.
  payload[0] = firstOfFrame ? 0x10 : 0x00;
  if (firstOfFrame) {
    // RFC 6386 §9.1 frame tag (P bit clear on keyframes), then a keyframe's start code and 640x360.
    payload[1] = keyframe ? 0x00 : 0x01;
    if (keyframe) {
      payload.set([0x9d, 0x01, 0x2a], 4);
      payload.writeUInt16LE(640, 7);
      payload.writeUInt16LE(360, 9);
    }
  }
  const at = BENCH_FIELDS_OFFSET;
  payload.writeUInt32BE(index >>> 0, at);
  payload.writeBigUInt64BE(sentAtNs, at + 4);
  payload.writeUInt32BE(BENCH_MAGIC, at + 12);
  return payload;
}

/** The endless packet schedule; `requestKeyframe()` makes the next frame a keyframe (a PLI). */
export class SyntheticVideo {
  private frame = 0;
  /** Frame number within the current group of pictures (0 = keyframe). */
  private inGop = 0;
  private keyframeWanted = false;
  private index = 0;
  private pacerFreeAtMs = 0;
  private queue: SyntheticPacket[] = [];
  private readonly pacerSpacingMs: number;

  /** `pacingFactor`: how much faster than the media rate the pacer may drain a burst (1 = no bursts). */
  constructor(pacingFactor = DEFAULT_PACING_FACTOR) {
    if (!(pacingFactor >= 1)) throw new TypeError('the pacing factor is at least 1');
    this.pacerSpacingMs = 1000 / (PACKETS_PER_SECOND * pacingFactor);
  }

  requestKeyframe(): void {
    this.keyframeWanted = true;
  }

  /** Index of the next packet to be released. */
  get nextIndex(): number {
    return this.queue[0]?.index ?? this.index;
  }

  /** Packets released but not yet sent (grows only if the sender falls behind). */
  get backlog(): number {
    return this.queue.length;
  }

  /** The next packet whose release time is at or before `nowMs`, if any. */
  nextDue(nowMs: number): SyntheticPacket | undefined {
    while (this.frameReleaseMs(this.frame) <= nowMs) this.enqueueFrame();
    const head = this.queue[0];
    if (!head || head.dueMs > nowMs) return undefined;
    return this.queue.shift();
  }

  private frameReleaseMs(frame: number): number {
    return (frame * 1000) / FRAMES_PER_SECOND;
  }

  private enqueueFrame(): void {
    if (this.keyframeWanted) {
      this.keyframeWanted = false;
      this.inGop = 0;
    }
    const keyframe = this.inGop === 0;
    const count = keyframe ? KEYFRAME_PACKETS : deltaFramePackets(this.inGop);
    const timestamp = (this.frame * RTP_CLOCK_PER_FRAME) >>> 0;
    const releaseMs = this.frameReleaseMs(this.frame);
    for (let i = 0; i < count; i++) {
      const dueMs = Math.max(releaseMs, this.pacerFreeAtMs);
      this.pacerFreeAtMs = dueMs + this.pacerSpacingMs;
      const index = this.index++;
      const first = i === 0;
      this.queue.push({ index, timestamp, marker: i === count - 1, keyframe, dueMs, payload: (sentAtNs) => vp8Payload(index, first, keyframe, sentAtNs) });
    }
    this.frame++;
    this.inGop = (this.inGop + 1) % GOP_FRAMES;
  }
}
