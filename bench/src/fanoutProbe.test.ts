import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mergeWindows, type WindowResult } from './fanoutProbe.js';

function window(overrides: Partial<WindowResult>): WindowResult {
  return {
    complete: true,
    armedLate: false,
    sends: 100,
    backwards: 0,
    cpuUs: 1000,
    wallMs: 10,
    firstSendMs: { p50: 1, p99: 2 },
    lastSendMs: { p50: 3, p99: 4, max: 5 },
    eventLoopDelayMs: { p50: 1, p99: 2, max: 3 },
    rssBytes: 100,
    ...overrides,
  };
}

describe('a window measured by several viewer workers', () => {
  it('adds the sends, keeps the process CPU once and the worst latency and loop delay', () => {
    const merged = mergeWindows([
      window({ sends: 300, cpuUs: 5000, lastSendMs: { p50: 3, p99: 9, max: 12 }, firstSendMs: { p50: 0.5, p99: 2 } }),
      window({ sends: 200, cpuUs: 5200, complete: false, eventLoopDelayMs: { p50: 1, p99: 7, max: 8 } }),
    ]);
    assert.equal(merged.sends, 500);
    assert.equal(merged.cpuUs, 5200);
    assert.deepEqual(merged.lastSendMs, { p50: 3, p99: 9, max: 12 });
    assert.deepEqual(merged.firstSendMs, { p50: 0.5, p99: 2 });
    assert.equal(merged.eventLoopDelayMs.p99, 7);
    assert.equal(merged.complete, false);
  });
});
