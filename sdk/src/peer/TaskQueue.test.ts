import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isRelayError } from '../core/errors.js';
import { TaskQueue } from './TaskQueue.js';

function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

describe('TaskQueue', () => {
  it('runs tasks one at a time, in order, even when an earlier one is slow', async () => {
    const queue = new TaskQueue();
    const log: string[] = [];
    const first = gate();
    const a = queue.push(async () => {
      log.push('a:start');
      await first.opened;
      log.push('a:end');
    });
    const b = queue.push(async () => {
      log.push('b');
    });
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(log, ['a:start']);
    first.open();
    await Promise.all([a, b]);
    assert.deepEqual(log, ['a:start', 'a:end', 'b']);
  });

  it('keeps going after a task fails, and the failure reaches its caller', async () => {
    const queue = new TaskQueue();
    const failing = queue.push(async () => {
      throw new Error('nope');
    });
    const next = queue.push(async () => 42);
    await assert.rejects(failing, /nope/);
    assert.equal(await next, 42);
  });

  it("rejects tasks not yet started with 'ABORTED' once closed", async () => {
    const queue = new TaskQueue();
    const first = gate();
    const running = queue.push(() => first.opened);
    let ran = false;
    const waiting = queue.push(async () => {
      ran = true;
    });
    await new Promise((resolve) => setImmediate(resolve)); // the first task is now running
    queue.close();
    first.open();
    await running;
    await assert.rejects(waiting, (e) => isRelayError(e, 'ABORTED'));
    assert.equal(ran, false);
  });
});
