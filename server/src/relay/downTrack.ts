/**
 * One viewer's copy of one source track: rewrites SSRC, payload type,
 * sequence number and timestamp for that viewer's leg, starts video on a
 * keyframe, keeps its own history for NACKs and turns PLI/FIR into upstream
 * keyframe requests.
 */
import type { Clock } from './clock.js';
import type { Egress } from './egress.js';
import { PacketHistory } from './packetHistory.js';
import type { RtcpFeedback } from './rtcp.js';
import { rewriteRtp } from './rtpHeader.js';
import type { IncomingPacket, PacketSink, SourceTrack } from './sourceTrack.js';

export interface DownTrackOptions {
  clock: Clock;
  /** SSRC and payload type this viewer's leg negotiated for the track. */
  ssrc: number;
  payloadType: number;
  historyMs: number;
  historyPackets: number;
  /** While waiting for a first keyframe, ask again this often. */
  keyframeRetryMs: number;
  random?: () => number;
}

export interface DownTrackStats {
  packetsSent: number;
  bytesSent: number;
  nacksReceived: number;
  packetsRetransmitted: number;
  plisReceived: number;
  firsReceived: number;
  packetsMissedForNack: number;
}

export class DownTrack implements PacketSink {
  readonly stats: DownTrackStats = {
    packetsSent: 0,
    bytesSent: 0,
    nacksReceived: 0,
    packetsRetransmitted: 0,
    plisReceived: 0,
    firsReceived: 0,
    packetsMissedForNack: 0,
  };
  private readonly history: PacketHistory;
  private started = false;
  private sequenceOffset = 0;
  private timestampOffset = 0;
  private readonly firstSequenceNumber: number;
  private readonly firstTimestamp: number;
  private lastKeyframeAskAt = Number.NEGATIVE_INFINITY;
  private closed = false;

  constructor(
    readonly source: SourceTrack,
    private readonly egress: Egress,
    private readonly options: DownTrackOptions,
  ) {
    const random = options.random ?? Math.random;
    this.firstSequenceNumber = Math.floor(random() * 0x8000);
    this.firstTimestamp = Math.floor(random() * 0x7fffffff);
    this.history = new PacketHistory(options.clock, options.historyMs, options.historyPackets);
    source.attach(this);
    this.lastKeyframeAskAt = options.clock.now();
  }

  get ssrc(): number {
    return this.options.ssrc;
  }

  get isStarted(): boolean {
    return this.started;
  }

  write({ packet, header, keyframeStart }: IncomingPacket): void {
    if (this.closed) return;
    if (!this.started) {
      if (this.source.kind === 'video' && !keyframeStart) {
        this.askForKeyframeWhileWaiting();
        return;
      }
      this.started = true;
      this.sequenceOffset = (this.firstSequenceNumber - header.sequenceNumber) & 0xffff;
      this.timestampOffset = (this.firstTimestamp - header.timestamp) >>> 0;
    }
    const sequenceNumber = (header.sequenceNumber + this.sequenceOffset) & 0xffff;
    const out = rewriteRtp(packet, header, {
      ssrc: this.options.ssrc,
      payloadType: this.options.payloadType,
      sequenceNumber,
      timestamp: (header.timestamp + this.timestampOffset) >>> 0,
    });
    this.history.put(sequenceNumber, out);
    this.stats.packetsSent++;
    this.stats.bytesSent += out.length;
    this.egress.sendRtp(out);
  }

  /** Feedback from the viewer that names this track's SSRC. */
  handleFeedback(feedback: RtcpFeedback): void {
    switch (feedback.type) {
      case 'pli':
        this.stats.plisReceived++;
        this.source.requestKeyframe();
        return;
      case 'fir':
        this.stats.firsReceived++;
        this.source.requestKeyframe();
        return;
      case 'nack':
        this.stats.nacksReceived++;
        this.retransmit(feedback.lost);
        return;
      case 'remb':
      case 'rr':
        return;
      default: {
        const unreachable: never = feedback;
        return unreachable;
      }
    }
  }

  close(): void {
    this.closed = true;
    this.source.detach(this);
  }

  private retransmit(lost: number[]): void {
    for (const sequenceNumber of lost) {
      const packet = this.history.get(sequenceNumber);
      if (!packet) {
        this.stats.packetsMissedForNack++;
        continue;
      }
      this.stats.packetsRetransmitted++;
      this.egress.sendRtp(packet);
    }
  }

  private askForKeyframeWhileWaiting(): void {
    const now = this.options.clock.now();
    if (now - this.lastKeyframeAskAt < this.options.keyframeRetryMs) return;
    this.lastKeyframeAskAt = now;
    this.source.requestKeyframe();
  }
}
