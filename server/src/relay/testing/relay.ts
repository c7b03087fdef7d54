/**
 * Arrange helpers for the relay's track-level tests: a fake publisher that
 * numbers its packets like a browser, sources that record their upstream
 * keyframe requests, and down-track options with a fixed random base.
 */
import type { Clock } from '../clock.js';
import type { DownTrackOptions } from '../downTrack.js';
import { SourceTrack, type SourceCodec } from '../sourceTrack.js';
import type { RelayTuning } from '../streamRelay.js';
import { absSendTimeExtension, buildRtp, vp8Delta, vp8Keyframe } from './packets.js';

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

/**
 * Sends like a browser: one SSRC, consecutive sequence numbers and a
 * timestamp per frame, each packet with an abs-send-time extension. Starts
 * just below both wrap-arounds so every test crosses them.
 */
export class FakePublisher {
  private sequenceNumber = 65_533;
  private timestamp = 0xffff_f000;

  constructor(
    readonly ssrc = 0x5eed0001,
    readonly payloadType = 96,
    private readonly timestampStep = 3000,
  ) {}

  keyframe(): Buffer {
    return this.next(vp8Keyframe({ pictureId: 1, pictureIdBits: 15 }));
  }

  delta(): Buffer {
    return this.next(vp8Delta({ pictureId: 2, pictureIdBits: 15 }));
  }

  audio(): Buffer {
    return this.next(Buffer.from([0xfc, 0xff, 0xfe]));
  }

  private next(payload: Buffer): Buffer {
    const packet = buildRtp({
      payloadType: this.payloadType,
      sequenceNumber: this.sequenceNumber,
      timestamp: this.timestamp,
      ssrc: this.ssrc,
      marker: true,
      extension: absSendTimeExtension(),
      payload,
    });
    this.sequenceNumber = (this.sequenceNumber + 1) & 0xffff;
    this.timestamp = (this.timestamp + this.timestampStep) >>> 0;
    return packet;
  }
}

export interface RecordedSource {
  source: SourceTrack;
  /** Media SSRCs of the keyframe requests the source sent upstream, in order. */
  upstreamRequests: number[];
}

export function recordedSource(clock: Clock, codec: SourceCodec = VP8): RecordedSource {
  const upstreamRequests: number[] = [];
  const source = new SourceTrack(`test/${codec.kind}`, codec, {
    clock,
    keyframeRequestIntervalMs: TUNING.keyframeRequestIntervalMs,
    requestKeyframe: (mediaSsrc) => upstreamRequests.push(mediaSsrc),
  });
  return { source, upstreamRequests };
}
