/**
 * Drops RTP packets already seen: a sequence number (RFC 3550 §5.1) that
 * arrived within the last `window` packets. A relayed stream that is itself
 * a viewer leg (an edge pulling from its origin) gets resends of packets its
 * NACKs asked for, and some of those originals arrive too: forwarding both
 * would send every duplicate to every viewer.
 */
export class DuplicateFilter {
  private readonly seen = new Uint8Array(65536);
  private readonly ring: Int32Array;
  private next = 0;

  constructor(window = 1024) {
    this.ring = new Int32Array(window).fill(-1);
  }

  /** True the first time `sequenceNumber` comes within the window; false for a duplicate. */
  firstTime(sequenceNumber: number): boolean {
    if (this.seen[sequenceNumber]) return false;
    const oldest = this.ring[this.next]!;
    if (oldest >= 0) this.seen[oldest] = 0;
    this.ring[this.next] = sequenceNumber;
    this.next = (this.next + 1) % this.ring.length;
    this.seen[sequenceNumber] = 1;
    return true;
  }
}
