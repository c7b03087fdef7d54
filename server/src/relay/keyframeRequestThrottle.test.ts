import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeClock } from './clock.js';
import { KeyframeRequestThrottle } from './keyframeRequestThrottle.js';

function arrange() {
  const clock = new FakeClock();
  const sentAt: number[] = [];
  const throttle = new KeyframeRequestThrottle(clock, 300, () => sentAt.push(clock.now()));
  return { clock, sentAt, throttle };
}

describe('KeyframeRequestThrottle', () => {
  it('turns a burst within the interval into one send now and one at the end of the interval', () => {
    const { clock, sentAt, throttle } = arrange();

    throttle.request();
    for (let i = 0; i < 10; i++) {
      clock.advance(25);
      throttle.request();
    }
    clock.advance(1000);

    assert.deepEqual(sentAt, [0, 300]);
  });

  it('lets requests spaced by the interval through at once', () => {
    const { clock, sentAt, throttle } = arrange();

    for (let i = 0; i < 4; i++) {
      throttle.request();
      clock.advance(300);
    }

    assert.deepEqual(sentAt, [0, 300, 600, 900]);
  });

  it('measures the next interval from the trailing send', () => {
    const { clock, sentAt, throttle } = arrange();
    throttle.request();
    clock.advance(100);
    throttle.request();
    clock.advance(200);

    clock.advance(100);
    throttle.request();
    clock.advance(1000);

    assert.deepEqual(sentAt, [0, 300, 600]);
  });

  it('cancels a pending send on close()', () => {
    const { clock, sentAt, throttle } = arrange();
    throttle.request();
    clock.advance(100);
    throttle.request();

    throttle.close();
    clock.advance(1000);

    assert.deepEqual(sentAt, [0]);
    assert.equal(clock.pendingTimers, 0);
  });
});
