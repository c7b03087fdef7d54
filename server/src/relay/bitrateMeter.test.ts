import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BitrateMeter } from './bitrateMeter.js';
import { FakeClock } from './clock.js';

/** Adds `bytes` every 10 ms for `ms` of fake time: `bytes` × 800 bits per second. */
function sendFor(clock: FakeClock, meter: BitrateMeter, ms: number, bytes: number): void {
  for (let t = 0; t < ms; t += 10) {
    meter.add(bytes);
    clock.advance(10);
  }
}

function arrange(windowMs?: number) {
  const clock = new FakeClock();
  return { clock, meter: new BitrateMeter(clock, windowMs) };
}

describe('BitrateMeter', () => {
  it('reads zero until the first window is complete, then the rate over it', () => {
    const { clock, meter } = arrange();

    sendFor(clock, meter, 990, 125);
    const early = meter.bitsPerSecond;
    sendFor(clock, meter, 10, 125);

    assert.equal(early, 0);
    assert.equal(meter.bitsPerSecond, 100_000);
  });

  it('keeps the last complete window until the next one ends', () => {
    const { clock, meter } = arrange();
    sendFor(clock, meter, 1000, 125);

    sendFor(clock, meter, 500, 250);
    const midWindow = meter.bitsPerSecond;
    sendFor(clock, meter, 500, 250);

    assert.equal(midWindow, 100_000);
    assert.equal(meter.bitsPerSecond, 200_000);
  });

  it('falls to zero after an idle window', () => {
    const { clock, meter } = arrange();
    sendFor(clock, meter, 1000, 125);
    assert.equal(meter.bitsPerSecond, 100_000);

    clock.advance(1000);

    assert.equal(meter.bitsPerSecond, 0);
  });

  it('falls to zero after several idle windows even when nobody read it in between', () => {
    const { clock, meter } = arrange();
    sendFor(clock, meter, 1000, 125);

    clock.advance(5000);

    assert.equal(meter.bitsPerSecond, 0);
  });

  it('measures afresh when traffic resumes after being idle', () => {
    const { clock, meter } = arrange();
    sendFor(clock, meter, 1000, 125);
    clock.advance(5000);

    sendFor(clock, meter, 1000, 50);

    assert.equal(meter.bitsPerSecond, 40_000);
  });

  it('uses the window it is given', () => {
    const { clock, meter } = arrange(500);

    sendFor(clock, meter, 500, 125);

    assert.equal(meter.bitsPerSecond, 100_000);
  });
});
