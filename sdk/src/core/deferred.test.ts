import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeScheduler } from '../testing/FakeScheduler.js';
import { deferred } from './deferred.js';
import { isRelayError } from './errors.js';

describe('deferred', () => {
  it('resolves once and ignores later settlements', async () => {
    const waiting = deferred<number>(new FakeScheduler(), 'x');
    waiting.resolve(1);
    waiting.resolve(2);
    waiting.reject(new Error('late'));
    assert.equal(await waiting.promise, 1);
    assert.equal(waiting.settled, true);
  });

  it("rejects with code 'TIMEOUT' when the deadline passes, and clears its timer when settled", async () => {
    const scheduler = new FakeScheduler();
    const late = deferred<void>(scheduler, "publish of 's1'", { timeoutMs: 100 });
    scheduler.advance(99);
    assert.equal(late.settled, false);
    scheduler.advance(1);
    await assert.rejects(late.promise, (e) => isRelayError(e, 'TIMEOUT') && /publish of 's1'/.test(e.message));

    const early = deferred<void>(scheduler, 'y', { timeoutMs: 100 });
    early.resolve();
    assert.equal(scheduler.pending, 0);
  });

  it("rejects with code 'ABORTED' on abort, also when already aborted", async () => {
    const controller = new AbortController();
    const waiting = deferred<void>(new FakeScheduler(), 'z', { signal: controller.signal });
    controller.abort();
    await assert.rejects(waiting.promise, (e) => isRelayError(e, 'ABORTED'));
    const already = deferred<void>(new FakeScheduler(), 'z', { signal: controller.signal });
    await assert.rejects(already.promise, (e) => isRelayError(e, 'ABORTED'));
  });
});
