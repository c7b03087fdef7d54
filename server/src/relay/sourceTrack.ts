/**
 * One upstream track (a publisher's audio, or one video layer): parses each
 * packet's header once, spots keyframes, and hands the packet to every
 * down-track attached to it.
 */
import type { Clock } from './clock.js';
import { AudioLevelMeter, readAudioLevel, SILENT_AUDIO_LEVEL } from './audioLevel.js';
import { BitrateMeter } from './bitrateMeter.js';
import { frameSizeReaderFor, keyframeDetectorFor, type FrameSizeReader, type KeyframeDetector } from './keyframes.js';
import { H264ParameterSets } from './h264ParameterSets.js';
import { KeyframeCache } from './keyframeCache.js';
import { KeyframeRequestThrottle } from './keyframeRequestThrottle.js';
import type { SenderInfo } from './rtcp.js';
import { readRtpHeader, type RtpHeaderView } from './rtpHeader.js';

export type MediaKind = 'audio' | 'video';

export interface SourceCodec {
  kind: MediaKind;
  /** e.g. `video/VP8`, `audio/opus`. */
  mimeType: string;
  clockRate: number;
  channels?: number;
  /** Audio: the negotiated id of the ssrc-audio-level extension (RFC 6464), when the publisher sends it. */
  audioLevelExtensionId?: number;
}

/** A track that sent before and nothing for this long is paused (a simulcast layer the publisher's encoder turned off). */
const PAUSED_AFTER_MS = 1000;

/**
 * A layer that has sent nothing this long after it was announced is not
 * coming: Chrome sends fewer layers than asked for a small picture (one
 * below 480×270), and the others never start.
 */
export const ABSENT_AFTER_MS = 2000;

/** The layers a viewer can be given (see SourceTrack.isSending), in the order given; all of them when none is (nothing to tell them apart by). */
export function sendingLayers(layers: SourceTrack[]): SourceTrack[] {
  const sending = layers.filter((layer) => layer.isSending);
  return sending.length > 0 ? sending : layers;
}

export interface IncomingPacket {
  /** The track it arrived on (a down-track may listen to two while it switches). */
  source: SourceTrack;
  packet: Buffer;
  header: RtpHeaderView;
  /** The packet from its payload on (padding included), shared by every viewer. */
  payload: Buffer;
  keyframeStart: boolean;
}

export interface PacketSink {
  write(incoming: IncomingPacket): void;
  /** The publisher's sender report for `source` (RFC 3550 §6.4.1). */
  senderReport?(source: SourceTrack, info: SenderInfo): void;
}

export interface SourceTrackOptions {
  clock: Clock;
  /** Packets a video source keeps since its latest keyframe, for viewers joining right after it (0 = none). */
  keyframeCachePackets?: number;
  /** Minimum spacing of keyframe requests sent upstream for this track. */
  keyframeRequestIntervalMs: number;
  /** Asks the publisher for a keyframe (PLI) on the given media SSRC. */
  requestKeyframe: (mediaSsrc: number) => void;
}

export class SourceTrack {
  private readonly sinks = new Set<PacketSink>();
  private readonly detectKeyframe: KeyframeDetector | undefined;
  private readonly keyframeRequests: KeyframeRequestThrottle;
  /** A keyframe was asked for before the first packet told us the SSRC to ask on. */
  private keyframeWanted = false;
  /** SSRC of the publisher's stream, known from the first packet. */
  mediaSsrc: number | undefined;
  packetsReceived = 0;
  bytesReceived = 0;
  keyframesReceived = 0;
  /** Width and height from the latest keyframe, when the codec announces them. */
  frameWidth = 0;
  frameHeight = 0;
  private readonly bitrate: BitrateMeter;
  private readonly readFrameSize: FrameSizeReader | undefined;
  private readonly parameterSets: H264ParameterSets | undefined;
  private readonly keyframeCache: KeyframeCache<IncomingPacket> | undefined;
  private readonly audioLevels: AudioLevelMeter | undefined;
  private readonly clock: Clock;
  private lastPacketAt = 0;
  private readonly createdAt: number;

  constructor(
    readonly id: string,
    readonly codec: SourceCodec,
    options: SourceTrackOptions,
  ) {
    this.detectKeyframe = codec.kind === 'video' ? keyframeDetectorFor(codec.mimeType) : undefined;
    this.readFrameSize = codec.kind === 'video' ? frameSizeReaderFor(codec.mimeType) : undefined;
    this.parameterSets = codec.mimeType.toLowerCase() === 'video/h264' ? new H264ParameterSets() : undefined;
    const cachePackets = options.keyframeCachePackets ?? 0;
    this.keyframeCache = codec.kind === 'video' && cachePackets > 0 ? new KeyframeCache(options.clock, cachePackets) : undefined;
    this.clock = options.clock;
    this.createdAt = options.clock.now();
    this.bitrate = new BitrateMeter(options.clock);
    this.audioLevels = codec.kind === 'audio' && codec.audioLevelExtensionId !== undefined ? new AudioLevelMeter(options.clock) : undefined;
    this.keyframeRequests = new KeyframeRequestThrottle(options.clock, options.keyframeRequestIntervalMs, () => {
      if (this.mediaSsrc !== undefined) options.requestKeyframe(this.mediaSsrc);
    });
  }

  get kind(): MediaKind {
    return this.codec.kind;
  }

  /** Incoming bitrate over the last second, in bits per second. */
  get bitsPerSecond(): number {
    return this.bitrate.bitsPerSecond;
  }

  get hasStarted(): boolean {
    return this.packetsReceived > 0;
  }

  /** Whether the publisher stopped sending this track after it had started (not yet started is not paused). */
  get isPaused(): boolean {
    return this.hasStarted && this.clock.now() - this.lastPacketAt > PAUSED_AFTER_MS;
  }

  /** Whether a viewer can be given this layer: started and not paused, or not started yet but still expected (ABSENT_AFTER_MS). */
  get isSending(): boolean {
    return this.hasStarted ? !this.isPaused : this.clock.now() - this.createdAt <= ABSENT_AFTER_MS;
  }

  /** The publisher's recent audio level, 0 (loud) … 127 (silent); silent when it sends none. */
  get audioLevel(): number {
    return this.audioLevels?.level ?? SILENT_AUDIO_LEVEL;
  }

  get sinkCount(): number {
    return this.sinks.size;
  }

  /** Entry point for every RTP packet the publisher sends on this track. */
  pushRtp(packet: Buffer): void {
    const incoming = this.observe(packet);
    if (!incoming) return;
    this.packetsReceived++;
    this.lastPacketAt = this.clock.now();
    this.bytesReceived += packet.length;
    this.bitrate.add(packet.length);
    if (this.audioLevels) {
      const level = readAudioLevel(packet, this.codec.audioLevelExtensionId!);
      if (level !== undefined) this.audioLevels.observe(level);
    }
    if (incoming.keyframeStart) this.keyframesReceived++;
    if (this.keyframeWanted) {
      this.keyframeWanted = false;
      if (!incoming.keyframeStart) this.keyframeRequests.request();
    }
    for (const sink of this.sinks) sink.write(incoming);
  }

  /**
   * The packets since the latest keyframe of the source this one copies (a
   * viewer worker's mirror), which began `ageMs` ago: learnt and cached so a
   * first viewer starts from them, not counted as received or sent on.
   */
  replayKeyframe(packets: Buffer[], ageMs: number): void {
    for (const packet of packets) this.observe(packet, ageMs);
  }

  /** What every packet teaches: SSRC, parameter sets, keyframes and frame size, the keyframe cache. */
  private observe(packet: Buffer, keyframeAgeMs = 0): IncomingPacket | undefined {
    const header = readRtpHeader(packet);
    if (!header) return undefined;
    this.mediaSsrc = header.ssrc;
    const payload = packet.subarray(header.payloadOffset);
    this.parameterSets?.observe(payload);
    const keyframeStart = this.detectKeyframe?.(payload) ?? false;
    if (keyframeStart) {
      const size = this.readFrameSize?.(payload);
      if (size) ({ width: this.frameWidth, height: this.frameHeight } = size);
    }
    const incoming: IncomingPacket = { source: this, packet, header, payload, keyframeStart };
    this.keyframeCache?.add(incoming, keyframeStart, keyframeAgeMs);
    return incoming;
  }

  /**
   * A payload to send just before `keyframeStart` to a viewer starting on it:
   * the cached H.264 SPS/PPS when that packet lacks them.
   */
  keyframePrefix(keyframeStart: Buffer): Buffer | undefined {
    return this.parameterSets?.prefixFor(keyframeStart);
  }

  /** The packets since this source's latest keyframe, if it began at most `maxAgeMs` ago. */
  recentKeyframe(maxAgeMs: number): IncomingPacket[] | undefined {
    return this.keyframeCache?.recent(maxAgeMs);
  }

  /** How long ago the cached keyframe began, ms (undefined with none cached). */
  get keyframeAgeMs(): number | undefined {
    return this.keyframeCache?.ageMs;
  }

  /** A sender report from the publisher for this track: every sink may report on its own timeline. */
  handleSenderReport(info: SenderInfo): void {
    for (const sink of this.sinks) sink.senderReport?.(this, info);
  }

  attach(sink: PacketSink): void {
    this.sinks.add(sink);
    if (this.kind === 'video') this.requestKeyframe();
  }

  detach(sink: PacketSink): void {
    this.sinks.delete(sink);
  }

  /**
   * Throttled: many viewers asking at once cost the publisher one keyframe.
   * Before the first packet there is no SSRC to ask on: the request waits for
   * it rather than spending the throttle's interval on nothing (a viewer bound
   * to a new source would otherwise wait `keyframeRetryMs` for its picture).
   */
  requestKeyframe(): void {
    if (this.mediaSsrc === undefined) {
      this.keyframeWanted = true;
      return;
    }
    this.keyframeRequests.request();
  }

  close(): void {
    this.keyframeWanted = false;
    this.keyframeCache?.clear();
    this.sinks.clear();
    this.keyframeRequests.close();
  }
}
