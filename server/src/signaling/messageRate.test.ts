import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeClock } from '../relay/clock.js';
import { MessageRate } from './messageRate.js';

describe('MessageRate', () => {
  it('lets a burst through, then the sustained rate', () => {
    const clock = new FakeClock();
    const rate = new MessageRate(clock, 10, 3);
    assert.deepEqual([rate.take(), rate.take(), rate.take(), rate.take()], [true, true, true, false]);
    clock.advance(100); // one token at 10 per second
    assert.equal(rate.take(), true);
    assert.equal(rate.take(), false);
  });

  it('never stores more than the burst', () => {
    const clock = new FakeClock();
    const rate = new MessageRate(clock, 10, 2);
    clock.advance(60_000);
    assert.deepEqual([rate.take(), rate.take(), rate.take()], [true, true, false]);
  });
});
