/**
 * Recently sent packets of one down-track, by sequence number, so NACKs
 * (RFC 4585 §6.2.1) are served from our own copy: werift keeps only 128
 * packets (~0.4 s at 2.5 Mbps, DESIGN.md bug 3).
 *
 * Only what differs per viewer is copied: each packet's head (a few dozen
 * bytes) into storage allocated once; its tail is the publisher's payload,
 * shared with every viewer, kept by reference. Putting a packet allocates
 * nothing.
 */
import type { Clock } from './clock.js';
import { MAX_HEAD_BYTES, type RtpParts } from './rtpParts.js';

const NONE = -1;

export class PacketHistory {
  private readonly mask: number;
  private readonly heads: Buffer;
  private readonly headLengths: Uint8Array;
  private readonly headerLengths: Uint8Array;
  private readonly sequenceNumbers: Int32Array;
  private readonly sentAt: Float64Array;
  private readonly tails: Array<Buffer | undefined>;

  /** `capacity` is rounded up to a power of two; entries older than `maxAgeMs` are not served. */
  constructor(
    private readonly clock: Clock,
    private readonly maxAgeMs: number,
    capacity: number,
  ) {
    const size = 2 ** Math.ceil(Math.log2(Math.max(2, capacity)));
    this.mask = size - 1;
    this.heads = Buffer.alloc(size * MAX_HEAD_BYTES);
    this.headLengths = new Uint8Array(size);
    this.headerLengths = new Uint8Array(size);
    this.sequenceNumbers = new Int32Array(size).fill(NONE);
    this.sentAt = new Float64Array(size);
    this.tails = new Array<Buffer | undefined>(size).fill(undefined);
  }

  put(sequenceNumber: number, packet: RtpParts): void {
    if (packet.head.length > MAX_HEAD_BYTES) throw new RangeError(`RTP head of ${packet.head.length} bytes, at most ${MAX_HEAD_BYTES} kept`);
    const slot = sequenceNumber & this.mask;
    packet.head.copy(this.heads, slot * MAX_HEAD_BYTES);
    this.headLengths[slot] = packet.head.length;
    this.headerLengths[slot] = packet.headerBytes;
    this.sequenceNumbers[slot] = sequenceNumber;
    this.sentAt[slot] = this.clock.now();
    this.tails[slot] = packet.tail;
  }

  /** The packet sent with `sequenceNumber`, if still kept and at most `maxAgeMs` old. */
  get(sequenceNumber: number): RtpParts | undefined {
    const slot = sequenceNumber & this.mask;
    if (this.sequenceNumbers[slot] !== sequenceNumber) return undefined;
    if (this.clock.now() - this.sentAt[slot]! > this.maxAgeMs) return undefined;
    const start = slot * MAX_HEAD_BYTES;
    return { head: this.heads.subarray(start, start + this.headLengths[slot]!), headerBytes: this.headerLengths[slot]!, tail: this.tails[slot]! };
  }
}
