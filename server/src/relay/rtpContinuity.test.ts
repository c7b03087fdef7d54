import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RtpContinuity, type MappedRtp } from './rtpContinuity.js';
import { readRtpHeader, type RtpHeaderView } from './rtpHeader.js';
import { buildRtp } from './testing/packets.js';

const VIDEO_RATE = 90_000;
const AUDIO_RATE = 48_000;

function header(sequenceNumber: number, timestamp: number): RtpHeaderView {
  return readRtpHeader(buildRtp({ sequenceNumber, timestamp }))!;
}

/** An incoming source: consecutive sequence numbers, `step` timestamp ticks per packet. */
function sourceFrom(firstSequence: number, firstTimestamp: number, step = 3000) {
  let index = 0;
  return {
    next(): RtpHeaderView {
      const h = header((firstSequence + index) & 0xffff, (firstTimestamp + step * index) >>> 0);
      index++;
      return h;
    },
    /** The header `back` packets before the first one. */
    before(back: number): RtpHeaderView {
      return header((firstSequence - back) & 0xffff, (firstTimestamp - step * back) >>> 0);
    },
  };
}

/** A line anchored at time 0 on a first source, `packets` of it sent at 0 ms, and the last numbers sent. */
function arrange(first = { sequenceNumber: 1000, timestamp: 5000 }, packets = 3) {
  const continuity = new RtpContinuity(first.sequenceNumber, first.timestamp);
  const a = sourceFrom(40_000, 123_456);
  const h = a.next();
  continuity.anchor(h, VIDEO_RATE, 0);
  let last = continuity.map(h, 0)!;
  for (let i = 1; i < packets; i++) last = continuity.map(a.next(), 0)!;
  return { continuity, last };
}

function next(previous: MappedRtp, ticks: number): MappedRtp {
  return { sequenceNumber: (previous.sequenceNumber + 1) & 0xffff, timestamp: (previous.timestamp + ticks) >>> 0 };
}

describe('RtpContinuity: first anchor', () => {
  it('starts the line at the configured first numbers and follows the source from there', () => {
    const continuity = new RtpContinuity(1000, 5000);
    const a = sourceFrom(40_000, 123_456);
    const first = a.next();

    continuity.anchor(first, VIDEO_RATE, 0);
    const mapped = [first, a.next(), a.next()].map((h) => continuity.map(h, 0));

    assert.deepEqual(mapped, [
      { sequenceNumber: 1000, timestamp: 5000 },
      { sequenceNumber: 1001, timestamp: 8000 },
      { sequenceNumber: 1002, timestamp: 11000 },
    ]);
  });

  it('drops packets older than the first anchor', () => {
    const continuity = new RtpContinuity(1000, 5000);
    const a = sourceFrom(40_000, 123_456);
    continuity.anchor(a.next(), VIDEO_RATE, 0);

    assert.equal(continuity.map(a.before(1), 0), undefined);
  });
});

describe('RtpContinuity: re-anchor on another source', () => {
  it('continues at last + 1, the timestamp advanced by the wall-clock time since the last packet', () => {
    const { continuity, last } = arrange();

    continuity.anchor(header(7, 999_999), VIDEO_RATE, 100);
    const mapped = continuity.map(header(7, 999_999), 100);

    assert.deepEqual(mapped, next(last, 9000), '100 ms at 90 kHz');
  });

  it('follows the new source after its anchor', () => {
    const { continuity, last } = arrange();
    const b = sourceFrom(7, 999_999);
    const anchor = b.next();

    continuity.anchor(anchor, VIDEO_RATE, 20);
    const mapped = [anchor, b.next(), b.next()].map((h) => continuity.map(h, 20));

    const first = next(last, 1800);
    assert.deepEqual(mapped, [first, next(first, 3000), next(next(first, 3000), 3000)]);
  });

  it('uses the clock rate of the new source (audio: 20 ms is 960 ticks)', () => {
    const { continuity, last } = arrange();

    continuity.anchor(header(7, 1), AUDIO_RATE, 20);

    assert.deepEqual(continuity.map(header(7, 1), 20), next(last, 960));
  });

  it('advances the timestamp by at least one tick when no time has passed', () => {
    const { continuity, last } = arrange();

    continuity.anchor(header(7, 1), VIDEO_RATE, 0);

    assert.deepEqual(continuity.map(header(7, 1), 0), next(last, 1));
  });

  it('continues from the newest packet sent, not a late one that came after it', () => {
    const continuity = new RtpContinuity(1000, 5000);
    continuity.anchor(header(40_000, 0), VIDEO_RATE, 0);
    continuity.map(header(40_000, 0), 0);
    const newest = continuity.map(header(40_002, 6000), 0)!;
    const late = continuity.map(header(40_001, 3000), 50);
    assert.deepEqual(late, { sequenceNumber: 1001, timestamp: 8000 }, 'sent, in its place');

    continuity.anchor(header(7, 1), VIDEO_RATE, 100);

    assert.deepEqual(continuity.map(header(7, 1), 100), next(newest, 9000), 'time counts from the newest (0 ms), not the late one (50 ms)');
  });
});

describe('RtpContinuity: stragglers', () => {
  /** Switched at 100 ms from the first source to `b`, anchored on b's packet 5000. */
  function switched() {
    const arranged = arrange();
    const b = sourceFrom(5000, 900_000);
    const anchor = b.next();
    arranged.continuity.anchor(anchor, VIDEO_RATE, 100);
    const anchored = arranged.continuity.map(anchor, 100)!;
    return { ...arranged, b, anchored };
  }

  it('drops packets of the new source from before its anchor, up to 999 back', () => {
    const { continuity, b } = switched();

    assert.equal(continuity.map(b.before(1), 100), undefined);
    assert.equal(continuity.map(b.before(999), 100), undefined);
  });

  it('does not treat packets 1000 or more before the anchor as stragglers', () => {
    const { continuity, b, anchored } = switched();

    const mapped = continuity.map(b.before(1000), 100);

    assert.deepEqual(mapped, { sequenceNumber: (anchored.sequenceNumber - 1000) & 0xffff, timestamp: (anchored.timestamp - 3000 * 1000) >>> 0 });
  });

  it('keeps the line going after stragglers', () => {
    const { continuity, b, anchored } = switched();
    continuity.map(b.before(1), 100);
    continuity.map(b.before(1000), 100);

    assert.deepEqual(continuity.map(b.next(), 120), next(anchored, 3000));
  });
});

describe('RtpContinuity: wrap-around', () => {
  it('wraps the outgoing sequence number at 16 bits and the timestamp at 32 bits', () => {
    const continuity = new RtpContinuity(0xfffe, 0xffff_f000);
    const a = sourceFrom(100, 0, 3000);
    const first = a.next();

    continuity.anchor(first, VIDEO_RATE, 0);
    const mapped = [first, a.next(), a.next()].map((h) => continuity.map(h, 0));

    assert.deepEqual(mapped, [
      { sequenceNumber: 0xfffe, timestamp: 0xffff_f000 },
      { sequenceNumber: 0xffff, timestamp: 0xffff_fbb8 },
      { sequenceNumber: 0, timestamp: 0x770 },
    ]);
  });

  it('follows a source whose own numbers wrap', () => {
    const continuity = new RtpContinuity(1000, 5000);
    const a = sourceFrom(0xffff, 0xffff_ffff, 3000);
    const first = a.next();

    continuity.anchor(first, VIDEO_RATE, 0);
    const mapped = [first, a.next()].map((h) => continuity.map(h, 0));

    assert.deepEqual(mapped, [
      { sequenceNumber: 1000, timestamp: 5000 },
      { sequenceNumber: 1001, timestamp: 8000 },
    ]);
  });

  it('re-anchors across both wraps', () => {
    const { continuity, last } = arrange({ sequenceNumber: 0xfffd, timestamp: 0xffff_ffff - 6000 });
    assert.deepEqual(last, { sequenceNumber: 0xffff, timestamp: 0xffff_ffff });

    continuity.anchor(header(7, 1), VIDEO_RATE, 20);

    assert.deepEqual(continuity.map(header(7, 1), 20), { sequenceNumber: 0, timestamp: 1799 });
  });
});
