import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SrtpRolloverCounters } from './srtpRollover.js';

const SSRC = 0x1234;

function rocs(counters: SrtpRolloverCounters, sequenceNumbers: number[], ssrc = SSRC): number[] {
  return sequenceNumbers.map((seq) => counters.rolloverFor(ssrc, seq));
}

describe('SRTP rollover counter (RFC 3711 §3.3.1, Appendix A)', () => {
  it('starts at 0 whatever the first sequence number', () => {
    assert.deepEqual(rocs(new SrtpRolloverCounters(), [40000, 40001]), [0, 0]);
  });

  it('increments when the sequence number wraps', () => {
    assert.deepEqual(rocs(new SrtpRolloverCounters(), [65534, 65535, 0, 1]), [0, 0, 1, 1]);
  });

  it('increments on a wrap that skips 0 (lost packets)', () => {
    assert.deepEqual(rocs(new SrtpRolloverCounters(), [65500, 65530, 20, 21]), [0, 0, 1, 1]);
  });

  it('keeps counting across many wraps', () => {
    const counters = new SrtpRolloverCounters();
    let last = 0;
    for (let i = 0; i < 5 * 65536 + 10; i += 7) last = counters.rolloverFor(SSRC, i & 0xffff);
    assert.equal(last, 5);
  });

  it('gives a resend from before the wrap the previous ROC, and does not move the state', () => {
    const counters = new SrtpRolloverCounters();
    rocs(counters, [65533, 65534, 65535, 0, 1, 2]);
    assert.equal(counters.rolloverFor(SSRC, 65534), 0, 'a NACKed packet from the old cycle');
    assert.equal(counters.rolloverFor(SSRC, 3), 1, 'the next new packet');
  });

  it('gives a resend far behind the wrap the previous ROC (werift would not)', () => {
    const counters = new SrtpRolloverCounters();
    rocs(counters, [65000, 65535, 0, 500]);
    assert.equal(counters.rolloverFor(SSRC, 65200), 0);
    assert.equal(counters.rolloverFor(SSRC, 501), 1);
  });

  it('does not move the state on a late packet within the cycle', () => {
    const counters = new SrtpRolloverCounters();
    rocs(counters, [40000, 60000]);
    assert.equal(counters.rolloverFor(SSRC, 30000), 0);
    // Had 30000 become s_l, 100 would look like the same cycle; from 60000 it is the next.
    assert.equal(counters.rolloverFor(SSRC, 100), 1);
  });

  it('never goes below 0 for a packet "before" the first one', () => {
    const counters = new SrtpRolloverCounters();
    rocs(counters, [5]);
    assert.equal(counters.rolloverFor(SSRC, 65000), 0);
    assert.equal(counters.rolloverFor(SSRC, 6), 0);
  });

  it('keeps one counter per SSRC', () => {
    const counters = new SrtpRolloverCounters();
    rocs(counters, [65535, 0], 1);
    assert.equal(counters.rolloverFor(2, 0), 0);
    assert.equal(counters.rolloverFor(1, 1), 1);
    counters.forget(1);
    assert.equal(counters.rolloverFor(1, 2), 0);
  });
});
