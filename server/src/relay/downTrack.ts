/**
 * One viewer's copy of one source track: rewrites SSRC, payload type,
 * sequence number and timestamp for that viewer's leg, starts video on a
 * keyframe, switches between sources (simulcast layers) on the target's
 * keyframe with no break in numbering, keeps its own history for NACKs and
 * turns PLI/FIR into upstream keyframe requests.
 */
import type { Clock } from './clock.js';
import type { Egress } from './egress.js';
import { defaultChain } from './interceptors/defaultChain.js';
import type { DownTrackContext, DownTrackCounters, DownTrackInterceptor } from './interceptors/interceptor.js';
import type { ReceiverReportReader } from './interceptors/receiverReportReader.js';
import type { ReportBlock, RtcpFeedback, SenderInfo } from './rtcp.js';
import { RtpContinuity, type MappedRtp } from './rtpContinuity.js';
import { readRtpHeader, writeRewrittenHeader, type RtpHeaderView, type RtpRewrite } from './rtpHeader.js';
import { MAX_HEAD_BYTES, type RtpParts } from './rtpParts.js';
import type { IncomingPacket, PacketSink, SourceTrack } from './sourceTrack.js';
import { Vp8PictureIdContinuity } from './vp8PictureIds.js';

export interface DownTrackOptions {
  clock: Clock;
  /** SSRC and payload type this viewer's leg negotiated for the track. */
  ssrc: number;
  payloadType: number;
  historyMs: number;
  historyPackets: number;
  /** While waiting for a first keyframe, ask again this often. */
  keyframeRetryMs: number;
  /** Start at once from the source's cached keyframe when it is at most this old (0 = always wait for a new one). */
  keyframeReplayMs?: number;
  /** False: created stopped, sending nothing until setEnabled(true). Default true. */
  enabled?: boolean;
  /** Told when a switch to another source completes (the viewer now sees that layer). */
  onSourceChanged?: (source: SourceTrack) => void;
  random?: () => number;
}

export type DownTrackStats = DownTrackCounters;

export class DownTrack implements PacketSink {
  readonly stats: DownTrackStats = {
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
  private readonly interceptors: DownTrackInterceptor[];
  private readonly receiverReports: ReceiverReportReader;
  private readonly continuity: RtpContinuity;
  private readonly pictureIds: Vp8PictureIdContinuity | undefined;
  /** What this track writes into every packet's header; the sequence number and timestamp change per packet. */
  private readonly rewrite: RtpRewrite;
  /** Every outgoing packet's head is written here, then sent with the shared payload (rtpParts.ts). */
  private readonly head = Buffer.alloc(MAX_HEAD_BYTES);
  /** Views of `head` by length, made once each: the hot path allocates no Buffer. */
  private readonly headViews: Buffer[] = [];
  /** The packet handed to the interceptors and the egress, refilled for every packet. */
  private readonly out: { -readonly [K in keyof RtpParts]: RtpParts[K] } = { head: this.head, headerBytes: 0, tail: this.head };
  private current: SourceTrack;
  /** The source being switched to, until its first keyframe arrives. */
  private target: SourceTrack | undefined;
  private started = false;
  /** False while the viewer asked not to be sent this track (toggleVideo, toggleAudio, enableTrack). */
  private enabled: boolean;
  private lastKeyframeAskAt: number;
  private closed = false;
  /** Test impairment: drop every Nth first transmission (0 = none); NACKs still find them in history. */
  dropEveryNth = 0;

  constructor(
    source: SourceTrack,
    private readonly egress: Egress,
    private readonly options: DownTrackOptions,
  ) {
    const random = options.random ?? Math.random;
    this.continuity = new RtpContinuity(Math.floor(random() * 0x8000), Math.floor(random() * 0x7fffffff));
    this.pictureIds = source.codec.mimeType.toLowerCase() === 'video/vp8' ? new Vp8PictureIdContinuity() : undefined;
    this.rewrite = { ssrc: options.ssrc, payloadType: options.payloadType, sequenceNumber: 0, timestamp: 0 };
    this.current = source;
    this.enabled = options.enabled ?? true;
    const chain = defaultChain(this.context(), { historyMs: options.historyMs, historyPackets: options.historyPackets });
    this.interceptors = chain.interceptors;
    this.receiverReports = chain.receiverReports;
    source.attach(this);
    this.lastKeyframeAskAt = options.clock.now();
    this.replayRecentKeyframe();
  }

  get ssrc(): number {
    return this.options.ssrc;
  }

  get isStarted(): boolean {
    return this.started;
  }

  /** The viewer's latest receiver report on this track (RFC 3550 §6.4.2). */
  get lastReport(): ReportBlock | undefined {
    return this.receiverReports.latest;
  }

  /** Round-trip time to the viewer, from its reports on our sender reports; undefined until measured. */
  get rttMs(): number | undefined {
    return this.receiverReports.rttMs;
  }

  /** The source whose packets this track sends now. */
  get source(): SourceTrack {
    return this.current;
  }

  /** The source a switch is waiting on, if any. */
  get pendingSource(): SourceTrack | undefined {
    return this.target;
  }

  /**
   * Moves to another source at its next keyframe (requested now); until then
   * the current one keeps playing, so the viewer never sees a broken frame.
   */
  switchTo(source: SourceTrack): void {
    if (this.closed || source === this.target) return;
    this.target?.detach(this);
    this.target = undefined;
    if (source === this.current) return;
    if (!this.enabled) return this.moveWhileStopped(source);
    this.target = source;
    // attach() asks the target for a keyframe: the retry clock starts now, or the
    // target's first packet would ask again at once and cost the publisher a second keyframe.
    this.lastKeyframeAskAt = this.options.clock.now();
    source.attach(this);
  }

  get isEnabled(): boolean {
    return this.enabled;
  }

  /**
   * Stops sending, or resumes: video at a new keyframe, asked for now (not the cached
   * one, which may predate the pause and would show the viewer frames it already saw),
   * with the numbering and the timestamps going on from the last packet sent, so the
   * viewer sees a pause, not a loss.
   */
  setEnabled(enabled: boolean): void {
    if (this.closed || enabled === this.enabled) return;
    this.enabled = enabled;
    if (!enabled) {
      if (this.target) this.moveWhileStopped(this.target);
      return;
    }
    this.started = false;
    this.lastKeyframeAskAt = this.options.clock.now();
    // Attached already unless the source changed while stopped; either way a video source is asked for a keyframe.
    this.current.attach(this);
  }

  write(incoming: IncomingPacket): void {
    if (this.closed || !this.enabled) return;
    if (incoming.source === this.target) {
      if (this.target.kind === 'video' && !incoming.keyframeStart) return this.askForKeyframeWhileWaiting(incoming.source);
      this.commitSwitch(incoming);
    } else if (incoming.source !== this.current) {
      return;
    } else if (!this.started) {
      if (this.current.kind === 'video' && !incoming.keyframeStart) return this.askForKeyframeWhileWaiting(this.current);
      this.started = true;
      this.anchor(incoming);
    }
    this.send(incoming);
  }

  /** Feedback from the viewer that names this track's SSRC. */
  handleFeedback(feedback: RtcpFeedback): void {
    for (const interceptor of this.interceptors) interceptor.feedback?.(feedback);
  }

  /** The publisher's sender report for `source`; only the current source's count. */
  senderReport(source: SourceTrack, info: SenderInfo): void {
    if (source !== this.current || !this.started) return;
    for (const interceptor of this.interceptors) interceptor.sourceReport?.(info);
  }

  close(): void {
    this.closed = true;
    this.current.detach(this);
    this.target?.detach(this);
  }

  /** A viewer joining just after a keyframe starts from it rather than waiting for the next. */
  private replayRecentKeyframe(): void {
    if (!this.options.keyframeReplayMs || this.current.kind !== 'video') return;
    for (const incoming of this.current.recentKeyframe(this.options.keyframeReplayMs) ?? []) this.write(incoming);
  }

  /**
   * A switch while nothing is sent needs no keyframe now: the track takes the
   * new source at once and attaches to it when resumed, which asks it for one.
   */
  private moveWhileStopped(source: SourceTrack): void {
    this.target?.detach(this);
    this.target = undefined;
    this.current.detach(this);
    this.current = source;
    this.stats.layerSwitches++;
    this.options.onSourceChanged?.(source);
  }

  private commitSwitch(incoming: IncomingPacket): void {
    this.current.detach(this);
    this.current = incoming.source;
    this.target = undefined;
    this.stats.layerSwitches++;
    this.started = true;
    this.anchor(incoming);
    this.options.onSourceChanged?.(this.current);
  }

  private anchor({ packet, header, payload }: IncomingPacket): void {
    this.continuity.anchor(header, this.current.codec.clockRate, this.options.clock.now());
    this.pictureIds?.anchor(payload);
    const prefix = this.current.keyframePrefix(payload);
    if (prefix) this.sendPrefix(packet, prefix);
  }

  /** Sends `prefix` (e.g. H.264 parameter sets) as its own packet of the same frame, just before the keyframe. */
  private sendPrefix(keyframePacket: Buffer, prefix: Buffer): void {
    const packet = Buffer.concat([keyframePacket.subarray(0, 12), prefix]);
    packet[0] = 0x80; // version 2, no padding, no extension, no CSRCs
    packet[1] = packet[1]! & 0x7f; // not the frame's last packet
    this.emit(packet, readRtpHeader(packet)!, prefix, this.continuity.insertBeforeAnchor());
  }

  private send({ packet, header, payload }: IncomingPacket): void {
    const mapped = this.continuity.map(header, this.options.clock.now());
    if (mapped) this.emit(packet, header, payload, mapped);
  }

  /** Writes this viewer's head for `packet` and sends it with the payload, which is not copied. */
  private emit(packet: Buffer, header: RtpHeaderView, payload: Buffer, mapped: MappedRtp): void {
    this.rewrite.sequenceNumber = mapped.sequenceNumber;
    this.rewrite.timestamp = mapped.timestamp;
    const headerBytes = writeRewrittenHeader(this.head, packet, this.rewrite);
    const rewrittenPayloadBytes = this.pictureIds?.writeRewritten(payload, this.head, headerBytes) ?? 0;
    const { out } = this;
    out.head = this.headView(headerBytes + rewrittenPayloadBytes);
    out.headerBytes = headerBytes;
    out.tail = rewrittenPayloadBytes > 0 ? payload.subarray(rewrittenPayloadBytes) : payload;
    this.stats.packetsSent++;
    this.stats.bytesSent += out.head.length + out.tail.length;
    this.stats.payloadBytesSent += payload.length - header.paddingLength;
    for (const interceptor of this.interceptors) interceptor.sent?.(mapped.sequenceNumber, out);
    if (this.dropEveryNth > 0 && this.stats.packetsSent % this.dropEveryNth === 0) return;
    this.egress.sendRtp(out);
  }

  private headView(length: number): Buffer {
    return (this.headViews[length] ??= this.head.subarray(0, length));
  }

  private context(): DownTrackContext {
    return {
      clock: this.options.clock,
      egress: this.egress,
      ssrc: this.options.ssrc,
      stats: this.stats,
      source: () => this.current,
      outgoingTimestamp: (timestamp) => this.continuity.mapTimestamp(timestamp),
    };
  }

  private askForKeyframeWhileWaiting(source: SourceTrack): void {
    const now = this.options.clock.now();
    if (now - this.lastKeyframeAskAt < this.options.keyframeRetryMs) return;
    this.lastKeyframeAskAt = now;
    source.requestKeyframe();
  }
}
