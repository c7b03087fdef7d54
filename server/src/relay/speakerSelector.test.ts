import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeClock } from './clock.js';
import { SpeakerSelector } from './speakerSelector.js';

function setup() {
  const clock = new FakeClock();
  const selector = new SpeakerSelector({ clock, holdMs: 1000, marginLevels: 5 });
  return { clock, selector };
}

const levels = (entries: Record<string, number>) => new Map(Object.entries(entries));

describe('SpeakerSelector', () => {
  it('fills empty slots with the loudest at once', () => {
    const { selector } = setup();
    assert.deepEqual(selector.update(2, levels({ a: 100, b: 20, c: 50 })).slots, ['b', 'c']);
  });

  it('lets a louder participant take the quietest slot only after the hold time', () => {
    const { clock, selector } = setup();
    selector.update(2, levels({ a: 30, b: 40, c: 120 }));
    const loud = levels({ a: 30, b: 40, c: 10 });
    assert.deepEqual(selector.update(2, loud).slots, ['a', 'b']);
    clock.advance(500);
    assert.deepEqual(selector.update(2, loud).slots, ['a', 'b'], 'not yet: held 500 ms');
    clock.advance(600);
    assert.deepEqual(selector.update(2, loud).slots, ['a', 'c'], 'c took the quieter b slot, a keeps its index');
  });

  it('does not flap: a challenger that falls quiet again restarts its hold', () => {
    const { clock, selector } = setup();
    selector.update(1, levels({ a: 30, b: 120 }));
    selector.update(1, levels({ a: 30, b: 10 }));
    clock.advance(800);
    selector.update(1, levels({ a: 30, b: 60 }));
    clock.advance(800);
    assert.deepEqual(selector.update(1, levels({ a: 30, b: 10 })).slots, ['a']);
    clock.advance(1100);
    assert.deepEqual(selector.update(1, levels({ a: 30, b: 10 })).slots, ['b']);
  });

  it('needs the margin: a barely louder challenger never takes over', () => {
    const { clock, selector } = setup();
    selector.update(1, levels({ a: 30, b: 120 }));
    clock.advance(5000);
    assert.deepEqual(selector.update(1, levels({ a: 30, b: 27 })).slots, ['a']);
    clock.advance(5000);
    assert.deepEqual(selector.update(1, levels({ a: 30, b: 27 })).slots, ['a']);
  });

  it('keeps a pinned participant whatever the levels, and frees the slot of one who left', () => {
    const { clock, selector } = setup();
    selector.update(2, levels({ a: 10, b: 20, c: 120 }));
    selector.pin('c', 1);
    const pinned = selector.update(2, levels({ a: 10, b: 20, c: 120 }));
    assert.deepEqual(pinned, { slots: ['a', 'c'], pinned: [false, true] });
    clock.advance(5000);
    assert.deepEqual(selector.update(2, levels({ a: 10, b: 5, c: 120 })).slots[1], 'c');
    assert.deepEqual(selector.update(2, levels({ b: 5, c: 120 })).slots, ['b', 'c'], 'a left: b fills its slot at once');
  });
});
