import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cpuShares, parseProcStat } from './machine.js';

describe('machine: /proc/stat', () => {
  it('reads the aggregate cpu line and the steal between two snapshots', () => {
    const before = parseProcStat('cpu  100 0 50 800 10 0 0 40 0 0\ncpu0 1 2 3\n');
    const after = parseProcStat('cpu  200 0 100 900 10 0 0 90 0 0\n');
    assert.deepEqual(before, { total: 1000, idle: 810, steal: 40 });
    // 300 jiffies passed: 150 busy besides steal, 100 idle, 50 stolen.
    assert.deepEqual(cpuShares(before, after), { busyPercent: 66.7, stealPercent: 16.7 });
  });

  it('gives nothing without a cpu line', () => {
    assert.equal(parseProcStat('intr 1 2 3'), undefined);
    assert.equal(cpuShares(undefined, undefined), undefined);
  });
});
