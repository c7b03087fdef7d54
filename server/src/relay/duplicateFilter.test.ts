import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DuplicateFilter } from './duplicateFilter.js';

describe('DuplicateFilter', () => {
  it('passes each sequence number once within its window, across the 16-bit wrap', () => {
    const filter = new DuplicateFilter(8);
    for (const seq of [65533, 65534, 65535, 0, 1]) assert.equal(filter.firstTime(seq), true);
    assert.equal(filter.firstTime(65535), false);
    assert.equal(filter.firstTime(1), false);
    assert.equal(filter.firstTime(2), true);
  });

  it('forgets numbers older than its window, so a wrapped-around stream is not starved', () => {
    const filter = new DuplicateFilter(4);
    for (let seq = 0; seq < 4; seq++) filter.firstTime(seq);
    assert.equal(filter.firstTime(0), false);
    filter.firstTime(4);
    assert.equal(filter.firstTime(0), true);
  });
});
