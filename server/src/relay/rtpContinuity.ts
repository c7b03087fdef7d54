/**
 * One outgoing sequence-number and timestamp line per down-track, kept
 * continuous when the source under it changes (a simulcast layer switch or a
 * re-publish): after a switch the next packet is last + 1 and the timestamp
 * advances by the wall-clock time since the last packet (RFC 3550 §5.1).
 */
import { sequenceDelta, type RtpHeaderView } from './rtpHeader.js';

/** Packets of the new source older than its anchor by at most this many are stragglers, dropped. */
const STRAGGLER_WINDOW = 1000;

export interface MappedRtp {
  sequenceNumber: number;
  timestamp: number;
}

export class RtpContinuity {
  private started = false;
  private sequenceOffset = 0;
  private timestampOffset = 0;
  private anchorSequence = 0;
  private anchorTimestamp = 0;
  private lastSequence = 0;
  private lastTimestamp = 0;
  private lastSentAt = 0;

  constructor(
    private readonly firstSequenceNumber: number,
    private readonly firstTimestamp: number,
  ) {}

  /** Continues the line from `header`, the first packet to send from a (new) source. */
  anchor(header: RtpHeaderView, clockRate: number, nowMs: number): void {
    const nextSequence = this.started ? (this.lastSequence + 1) & 0xffff : this.firstSequenceNumber;
    const elapsedTicks = Math.max(1, Math.round(((nowMs - this.lastSentAt) * clockRate) / 1000));
    const nextTimestamp = this.started ? (this.lastTimestamp + elapsedTicks) >>> 0 : this.firstTimestamp;
    this.sequenceOffset = (nextSequence - header.sequenceNumber) & 0xffff;
    this.timestampOffset = (nextTimestamp - header.timestamp) >>> 0;
    this.anchorSequence = header.sequenceNumber;
    this.anchorTimestamp = header.timestamp;
    this.started = true;
  }

  /**
   * Takes the sequence number the anchor packet would get for a packet sent
   * just before it (e.g. parameter sets a decoder needs first); the anchor and
   * everything after move up by one.
   */
  insertBeforeAnchor(): MappedRtp {
    const sequenceNumber = (this.anchorSequence + this.sequenceOffset) & 0xffff;
    const timestamp = (this.anchorTimestamp + this.timestampOffset) >>> 0;
    this.sequenceOffset = (this.sequenceOffset + 1) & 0xffff;
    this.lastSequence = sequenceNumber;
    return { sequenceNumber, timestamp };
  }

  /** A source timestamp on the outgoing timeline (for sender reports). */
  mapTimestamp(sourceTimestamp: number): number {
    return (sourceTimestamp + this.timestampOffset) >>> 0;
  }

  /** Outgoing numbers for `header`, or undefined for a straggler from before the anchor. */
  map(header: RtpHeaderView, nowMs: number): MappedRtp | undefined {
    const sinceAnchor = sequenceDelta(header.sequenceNumber, this.anchorSequence);
    if (sinceAnchor < 0 && sinceAnchor > -STRAGGLER_WINDOW) return undefined;
    const sequenceNumber = (header.sequenceNumber + this.sequenceOffset) & 0xffff;
    const timestamp = (header.timestamp + this.timestampOffset) >>> 0;
    if (sequenceDelta(sequenceNumber, this.lastSequence) > 0 || sinceAnchor === 0) {
      this.lastSequence = sequenceNumber;
      this.lastTimestamp = timestamp;
      this.lastSentAt = nowMs;
    }
    return { sequenceNumber, timestamp };
  }
}
