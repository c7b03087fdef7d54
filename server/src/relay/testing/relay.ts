/**
 * Arrange helpers for the relay's track-level tests: a fake publisher that
 * numbers its packets like a browser, sources that record their upstream
 * keyframe requests, simulcast layers of known size and bitrate played on the
 * fake clock, down-track options with a fixed random base, and a fake
 * down-track context for interceptor tests.
 */
import type { Clock, FakeClock } from '../clock.js';
import type { DownTrackOptions } from '../downTrack.js';
import type { DownTrackContext, DownTrackCounters } from '../interceptors/interceptor.js';
import { SourceTrack, type SourceCodec } from '../sourceTrack.js';
import type { RelayTuning } from '../streamRelay.js';
import { RecordingEgress, absSendTimeExtension, buildRtp, vp8Delta, vp8Keyframe, type Vp8FrameSize } from './packets.js';

export const VP8: SourceCodec = { kind: 'video', mimeType: 'video/VP8', clockRate: 90_000 };
export const OPUS: SourceCodec = { kind: 'audio', mimeType: 'audio/opus', clockRate: 48_000, channels: 2 };

export const TUNING: RelayTuning = {
  keyframeRequestIntervalMs: 300,
  historyMs: 1000,
  historyPackets: 64,
  keyframeRetryMs: 1000,
  layerEvaluationMs: 1000,
};

/** With `random: () => 0.5` a down-track's first sequence number and timestamp are these. */
export const FIRST_SEQUENCE_NUMBER = 0x4000;
export const FIRST_TIMESTAMP = Math.floor(0.5 * 0x7fffffff);

export function downTrackOptions(clock: Clock, overrides: Partial<DownTrackOptions> = {}): DownTrackOptions {
  return {
    clock,
    ssrc: 0xd0d0d0d0,
    payloadType: 100,
    historyMs: TUNING.historyMs,
    historyPackets: TUNING.historyPackets,
    keyframeRetryMs: TUNING.keyframeRetryMs,
    random: () => 0.5,
    ...overrides,
  };
}

export interface FakePublisherOptions {
  /** Size its keyframes announce (RFC 6386 §9.1); 640x480 by default. */
  frameSize?: Vp8FrameSize;
  /** Pads every packet to this many bytes, to give the track a known bitrate. */
  packetBytes?: number;
  /** 15-bit VP8 PictureID of its first frame; each packet is one frame and the next gets one more. */
  firstPictureId?: number;
}

/** RTP fixed header plus the abs-send-time extension block every FakePublisher packet carries. */
const RTP_OVERHEAD = 12 + 8;
/** Bytes at the end of every FakePublisher payload: its SSRC, so a relayed packet tells where it came from. */
const ORIGIN_TAG = 4;

/**
 * Sends like a browser: one SSRC, consecutive sequence numbers, a timestamp
 * and a VP8 PictureID per frame (one packet each), each packet with an
 * abs-send-time extension. Starts just below both wrap-arounds so every test
 * crosses them. Answers keyframe requests as a browser does, with a keyframe
 * as its next `frame()`.
 */
export class FakePublisher {
  private sequenceNumber = 65_533;
  private timestamp = 0xffff_f000;
  private pictureId: number;
  private keyframeDue = true;

  constructor(
    readonly ssrc = 0x5eed0001,
    readonly payloadType = 96,
    private readonly timestampStep = 3000,
    private readonly options: FakePublisherOptions = {},
  ) {
    this.pictureId = options.firstPictureId ?? 1;
  }

  /** Pass as a source's `requestKeyframe` (a PLI for its SSRC). */
  readonly requestKeyframe = (_mediaSsrc: number): void => {
    this.keyframeDue = true;
  };

  /** The next video frame: a keyframe when it is the first or one was asked for since the last, else a delta. */
  frame(): Buffer {
    return this.keyframeDue ? this.keyframe() : this.delta();
  }

  keyframe(): Buffer {
    this.keyframeDue = false;
    return this.next(vp8Keyframe({ pictureId: this.nextPictureId(), pictureIdBits: 15 }, this.options.frameSize));
  }

  delta(): Buffer {
    return this.next(vp8Delta({ pictureId: this.nextPictureId(), pictureIdBits: 15 }));
  }

  audio(): Buffer {
    return this.next(Buffer.from([0xfc, 0xff, 0xfe]));
  }

  private nextPictureId(): number {
    const id = this.pictureId;
    this.pictureId = (id + 1) & 0x7fff;
    return id;
  }

  private next(media: Buffer): Buffer {
    const filler = Math.max(0, (this.options.packetBytes ?? 0) - RTP_OVERHEAD - media.length - ORIGIN_TAG);
    const tag = Buffer.alloc(ORIGIN_TAG);
    tag.writeUInt32BE(this.ssrc);
    const packet = buildRtp({
      payloadType: this.payloadType,
      sequenceNumber: this.sequenceNumber,
      timestamp: this.timestamp,
      ssrc: this.ssrc,
      marker: true,
      extension: absSendTimeExtension(),
      payload: Buffer.concat([media, Buffer.alloc(filler), tag]),
    });
    this.sequenceNumber = (this.sequenceNumber + 1) & 0xffff;
    this.timestamp = (this.timestamp + this.timestampStep) >>> 0;
    return packet;
  }
}

/** SSRC of the FakePublisher a (possibly relayed) packet came from. */
export function originOf(packet: Buffer): number {
  return packet.readUInt32BE(packet.length - ORIGIN_TAG);
}

export interface RecordedSource {
  source: SourceTrack;
  /** Media SSRCs of the keyframe requests the source sent upstream, in order. */
  upstreamRequests: number[];
  /** Clock times of those requests. */
  requestTimes: number[];
}

/** A source whose upstream keyframe requests are recorded and, when given a publisher, also reach it. */
export function recordedSource(clock: Clock, codec: SourceCodec = VP8, publisher?: FakePublisher): RecordedSource {
  const upstreamRequests: number[] = [];
  const requestTimes: number[] = [];
  const source = new SourceTrack(`test/${codec.kind}`, codec, {
    clock,
    keyframeRequestIntervalMs: TUNING.keyframeRequestIntervalMs,
    requestKeyframe: (mediaSsrc) => {
      upstreamRequests.push(mediaSsrc);
      requestTimes.push(clock.now());
      publisher?.requestKeyframe(mediaSsrc);
    },
  });
  return { source, upstreamRequests, requestTimes };
}

/** Frame interval of simulcast layers in tests: 50 fps. */
export const FRAME_MS = 20;

export interface LayerSpec {
  height: number;
  /** Bits per second, at one packet per frame. */
  bitrate: number;
  ssrc?: number;
}

/** A simulcast layer's publisher as Chrome sends it: 16:9 frames of `height`, `bitrate`, keyframes on request. */
export function layerPublisher({ height, bitrate, ssrc = 0x5eed0000 + height }: LayerSpec): FakePublisher {
  return new FakePublisher(ssrc, 96, (90_000 * FRAME_MS) / 1000, {
    frameSize: { width: Math.round((height * 16) / 9), height },
    packetBytes: (bitrate * FRAME_MS) / 8000,
  });
}

export interface Feed {
  source: SourceTrack;
  publisher: FakePublisher;
}

/** A simulcast layer's source fed by its own `layerPublisher`. */
export function layerSource(clock: Clock, spec: LayerSpec): RecordedSource & Feed {
  const publisher = layerPublisher(spec);
  return { ...recordedSource(clock, VP8, publisher), publisher };
}

/** Plays `ms` of fake time frame by frame: each publisher sends one frame() to its source, then the clock moves on. */
export function play(clock: FakeClock, feeds: Feed[], ms: number): void {
  for (let t = 0; t < ms; t += FRAME_MS) {
    for (const { source, publisher } of feeds) source.pushRtp(publisher.frame());
    clock.advance(FRAME_MS);
  }
}

/** A source that has had a packet from its publisher, so its SSRC is known and its first keyframe request goes upstream at once. */
export function liveSource(clock: Clock, publisher = new FakePublisher()): RecordedSource & Feed {
  const recorded = recordedSource(clock, VP8, publisher);
  recorded.source.pushRtp(publisher.delta());
  return { ...recorded, publisher };
}

/** Counters of a down-track that has sent nothing yet. */
export function zeroCounters(): DownTrackCounters {
  return {
    packetsSent: 0,
    bytesSent: 0,
    nacksReceived: 0,
    packetsRetransmitted: 0,
    plisReceived: 0,
    firsReceived: 0,
    packetsMissedForNack: 0,
    layerSwitches: 0,
    payloadBytesSent: 0,
  };
}

/** What `interceptorContext` maps a source RTP timestamp to by default: a fixed offset, as a down-track's continuity would. */
export const TIMESTAMP_OFFSET = 0x1000_0000;

export interface InterceptorHarness {
  context: DownTrackContext;
  /** Where the context's egress writes. */
  egress: RecordingEgress;
  /** The live source `context.source()` returns until `switchTo`; its keyframe requests are recorded. */
  source: RecordedSource & Feed;
  /** Points `context.source()` at another source, as a layer switch does. */
  switchTo(next: SourceTrack): void;
}

/**
 * A fake down-track for one interceptor: a recording egress, SSRC 0xd0d0d0d0,
 * zero counters, a live recorded source and timestamps shifted by
 * TIMESTAMP_OFFSET; `overrides` replaces any of these but the egress.
 */
export function interceptorContext(clock: Clock, overrides: Partial<Omit<DownTrackContext, 'egress'>> = {}): InterceptorHarness {
  const egress = new RecordingEgress();
  const source = liveSource(clock);
  let current = source.source;
  const context: DownTrackContext = {
    clock,
    egress,
    ssrc: 0xd0d0d0d0,
    stats: zeroCounters(),
    source: () => current,
    outgoingTimestamp: (timestamp) => (timestamp + TIMESTAMP_OFFSET) >>> 0,
    ...overrides,
  };
  return { context, egress, source, switchTo: (next) => void (current = next) };
}
