/**
 * Recently sent packets of one down-track, by sequence number, so NACKs
 * (RFC 4585 §6.2.1) are served from our own copy: werift keeps only 128
 * packets (~0.4 s at 2.5 Mbps, DESIGN.md bug 3).
 */
import type { Clock } from './clock.js';

interface Entry {
  sequenceNumber: number;
  packet: Buffer;
  sentAt: number;
}

export class PacketHistory {
  private readonly slots: Array<Entry | undefined>;
  private readonly mask: number;

  /** `capacity` is rounded up to a power of two; entries older than `maxAgeMs` are not served. */
  constructor(
    private readonly clock: Clock,
    private readonly maxAgeMs: number,
    capacity: number,
  ) {
    const size = 2 ** Math.ceil(Math.log2(Math.max(2, capacity)));
    this.slots = new Array<Entry | undefined>(size);
    this.mask = size - 1;
  }

  put(sequenceNumber: number, packet: Buffer): void {
    this.slots[sequenceNumber & this.mask] = { sequenceNumber, packet, sentAt: this.clock.now() };
  }

  get(sequenceNumber: number): Buffer | undefined {
    const entry = this.slots[sequenceNumber & this.mask];
    if (!entry || entry.sequenceNumber !== sequenceNumber) return undefined;
    return this.clock.now() - entry.sentAt <= this.maxAgeMs ? entry.packet : undefined;
  }
}
