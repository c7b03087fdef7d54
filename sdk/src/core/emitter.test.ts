import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Emitter } from './emitter.js';

interface TestEvents {
  value: number;
  done: undefined;
}

describe('Emitter', () => {
  it('delivers payloads to listeners in subscription order', () => {
    const emitter = new Emitter<TestEvents>();
    const seen: string[] = [];
    emitter.on('value', (v) => seen.push(`a${v}`));
    emitter.on('value', (v) => seen.push(`b${v}`));
    emitter.safeEmit('value', 1);
    assert.deepEqual(seen, ['a1', 'b1']);
  });

  it('on() returns a function that unsubscribes', () => {
    const emitter = new Emitter<TestEvents>();
    let count = 0;
    const off = emitter.on('done', () => count++);
    emitter.safeEmit('done');
    off();
    emitter.safeEmit('done');
    assert.equal(count, 1);
    assert.equal(emitter.listenerCount('done'), 0);
  });

  it('once() runs a listener a single time', () => {
    const emitter = new Emitter<TestEvents>();
    const seen: number[] = [];
    emitter.once('value', (v) => seen.push(v));
    emitter.safeEmit('value', 1);
    emitter.safeEmit('value', 2);
    assert.deepEqual(seen, [1]);
  });

  it('safeEmit isolates a throwing listener and reports what it threw', () => {
    const reported: Array<[unknown, string]> = [];
    const emitter = new Emitter<TestEvents>((error, name) => reported.push([error, name]));
    const boom = new Error('boom');
    const seen: number[] = [];
    emitter.on('value', () => {
      throw boom;
    });
    emitter.on('value', (v) => seen.push(v));
    assert.doesNotThrow(() => emitter.safeEmit('value', 7));
    assert.deepEqual(seen, [7]);
    assert.deepEqual(reported, [[boom, 'value']]);
  });

  it('lets a listener unsubscribe another during an emit without skipping anyone', () => {
    const emitter = new Emitter<TestEvents>();
    const seen: string[] = [];
    let offB = () => {};
    emitter.on('done', () => {
      seen.push('a');
      offB();
    });
    offB = emitter.on('done', () => seen.push('b'));
    emitter.safeEmit('done');
    emitter.safeEmit('done');
    assert.deepEqual(seen, ['a', 'b', 'a']);
  });

  it('rejects a listener that is not a function with a TypeError', () => {
    const emitter = new Emitter<TestEvents>();
    assert.throws(() => emitter.on('done', 'nope' as unknown as () => void), TypeError);
  });
});
