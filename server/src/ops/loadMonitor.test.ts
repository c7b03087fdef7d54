import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultConfig, type RelayServerConfig } from '../config.js';
import { FakeClock } from '../relay/clock.js';
import { describeOverload, LoadMonitor, SLICES_PER_WINDOW } from './loadMonitor.js';
import { processLoadProbe, type LoadProbe, type LoadSlice } from './loadProbe.js';

/** A probe that answers what the test queues, and records being closed. */
class ScriptedProbe implements LoadProbe {
  readonly cores = 2;
  next: LoadSlice = { lagP99Ms: 0, cpuMicros: 0 };
  closed = false;
  take(): LoadSlice {
    return this.next;
  }
  close(): void {
    this.closed = true;
  }
}

const WINDOW = 5000;
const SLICE = WINDOW / SLICES_PER_WINDOW;

function monitor(limits: Partial<RelayServerConfig['admission']> = {}) {
  const clock = new FakeClock();
  const probe = new ScriptedProbe();
  const load = new LoadMonitor({ ...defaultConfig.admission, windowMs: WINDOW, ...limits }, probe, clock);
  /** One slice of the window passes with this much delay and this share of all cores busy. */
  const slice = (lagP99Ms: number, cpuPercentOfAllCores = 0) => {
    probe.next = { lagP99Ms, cpuMicros: (cpuPercentOfAllCores / 100) * probe.cores * SLICE * 1000 };
    clock.advance(SLICE);
  };
  return { clock, probe, load, slice };
}

describe('LoadMonitor', () => {
  it('admits before any slice is measured, and while the window stays under both limits', () => {
    const { load, slice } = monitor({ maxEventLoopLagMs: 100, maxCpuPercent: 90 });
    assert.equal(load.overload(), undefined);
    for (let i = 0; i < 10; i++) slice(40, 50);
    assert.equal(load.overload(), undefined);
    assert.deepEqual(load.figures(), { eventLoopLagMs: 40, cpuPercent: 50 });
  });

  it('refuses once the mean delay over the window reaches the limit, and admits again when the high slices age out', () => {
    const { load, slice } = monitor({ maxEventLoopLagMs: 100, maxCpuPercent: -1 });
    for (let i = 0; i < SLICES_PER_WINDOW; i++) slice(20);
    slice(300); // one GC-like spike: mean (4×20 + 300)/5 = 76 ms
    assert.equal(load.overload(), undefined);
    slice(300); // (3×20 + 2×300)/5 = 132 ms
    assert.deepEqual(load.overload(), { reason: 'eventLoopLag', value: 132, limit: 100 });
    for (let i = 0; i < SLICES_PER_WINDOW; i++) slice(20);
    assert.equal(load.overload(), undefined);
  });

  it('counts the slices a just-started server has not measured yet as idle', () => {
    const { load, slice } = monitor({ maxEventLoopLagMs: 150, maxCpuPercent: 90 });
    slice(500, 100); // startup: modules load, the first certificate is made
    assert.deepEqual(load.figures(), { eventLoopLagMs: 100, cpuPercent: 20 });
    assert.equal(load.overload(), undefined);
    for (let i = 0; i < 2; i++) slice(500, 100);
    assert.equal(load.overload()?.reason, 'eventLoopLag'); // sustained: 3 × 500 / 5 = 300 ms
  });

  it('counts a stall its probe missed, from its own timer running late, until it ages out', () => {
    const { clock, load, slice } = monitor({ maxEventLoopLagMs: 400, maxCpuPercent: -1 });
    slice(0);
    clock.stall(3500); // the probe says 0: Node's histogram does not measure the interval its reset fell in
    assert.deepEqual(load.overload(), { reason: 'eventLoopLag', value: (3500 - SLICE) / SLICES_PER_WINDOW, limit: 400 });
    for (let i = 0; i < SLICES_PER_WINDOW - 1; i++) slice(0);
    assert.notEqual(load.overload(), undefined);
    slice(0);
    assert.equal(load.overload(), undefined);
  });

  it('judges CPU as a share of all cores over the whole window', () => {
    const { load, slice } = monitor({ maxEventLoopLagMs: -1, maxCpuPercent: 90 });
    for (let i = 0; i < SLICES_PER_WINDOW; i++) slice(0, 95);
    const overload = load.overload();
    assert.equal(overload?.reason, 'cpu');
    assert.ok(Math.abs(overload.value - 95) < 1e-9);
    slice(0, 10); // (4×95 + 10)/5 = 78%
    assert.equal(load.overload(), undefined);
  });

  it('treats -1 as off and 0 as refuse-all', () => {
    const off = monitor({ maxEventLoopLagMs: -1, maxCpuPercent: -1 });
    for (let i = 0; i < SLICES_PER_WINDOW; i++) off.slice(10_000, 100);
    assert.equal(off.load.overload(), undefined);
    const all = monitor({ maxEventLoopLagMs: 0, maxCpuPercent: -1 });
    assert.deepEqual(all.load.overload(), { reason: 'eventLoopLag', value: 0, limit: 0 });
  });

  it('stops sampling and closes its probe when closed', () => {
    const { clock, probe, load } = monitor();
    assert.equal(clock.pendingTimers, 1);
    load.close();
    assert.equal(clock.pendingTimers, 0);
    assert.ok(probe.closed);
  });

  it('says what was crossed, by how much, in the refusal', () => {
    assert.equal(
      describeOverload({ reason: 'eventLoopLag', value: 132.4, limit: 100 }, 5000),
      'event-loop delay 132 ms over the last 5 s, limit 100 ms; try again later or another server',
    );
    assert.match(describeOverload({ reason: 'cpu', value: 95, limit: 90 }, 5000), /CPU 95% of all cores over the last 5 s, limit 90%/);
  });
});

describe('processLoadProbe', () => {
  it('reads the real event-loop delay and CPU time of this process', async () => {
    const probe = processLoadProbe();
    try {
      // Node's delay histogram measures from its first tick on (the interval it starts or is reset in
      // goes unmeasured), so the loop runs a while first: the spin below is then a delay it records.
      await new Promise((resolve) => setTimeout(resolve, 100));
      // Keep the loop busy for 60 ms of CPU time (not wall time: on a loaded
      // machine the spin may be preempted): a delay and CPU the probe must see.
      const start = process.cpuUsage();
      const giveUpAt = Date.now() + 10_000;
      while (process.cpuUsage(start).user + process.cpuUsage(start).system < 60_000 && Date.now() < giveUpAt) {
        // spin
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
      const slice = probe.take();
      assert.ok(slice.cpuMicros >= 30_000, `cpu ${slice.cpuMicros} µs`);
      assert.ok(slice.lagP99Ms >= 55, `lag ${slice.lagP99Ms} ms`); // the loop's 20 ms ticks alone measure ~20
      assert.ok(probe.cores >= 1);
    } finally {
      probe.close();
    }
  });
});
