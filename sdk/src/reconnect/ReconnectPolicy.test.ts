import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RelayError } from '../core/errors.js';
import { FakeScheduler } from '../testing/FakeScheduler.js';
import { backoffPolicy, toReconnectPolicy } from './ReconnectPolicy.js';
import { retry } from './retry.js';

const error = new RelayError('SIGNALING_CLOSED', 'gone');
const delays = (policy: ReturnType<typeof backoffPolicy>, attempts: number, elapsedMs = 0) =>
  Array.from({ length: attempts }, (_, i) => policy.nextDelayMs({ attempt: i + 1, elapsedMs, error }));

describe('backoffPolicy', () => {
  it('tries at once, then doubles from 500 ms up to the 10 s cap', () => {
    assert.deepEqual(delays(backoffPolicy({ random: () => 0 }), 8), [0, 500, 1000, 2000, 4000, 8000, 10_000, 10_000]);
  });

  it('shortens each delay by up to the jitter fraction, never lengthens it', () => {
    assert.deepEqual(delays(backoffPolicy({ random: () => 1 }), 4), [0, 250, 500, 1000]);
    assert.deepEqual(delays(backoffPolicy({ random: () => 0.5, jitter: 0.2 }), 3), [0, 450, 900]);
  });

  it('gives up after maxAttempts or giveUpAfterMs', () => {
    assert.deepEqual(delays(backoffPolicy({ random: () => 0, maxAttempts: 2 }), 3), [0, 500, null]);
    assert.equal(backoffPolicy().nextDelayMs({ attempt: 2, elapsedMs: 10 * 60_000, error }), null);
  });

  it('reads the reconnect option: false is off, a policy is kept, options tune the default', () => {
    assert.equal(toReconnectPolicy(false), undefined);
    const mine = { nextDelayMs: () => 42 };
    assert.equal(toReconnectPolicy(mine), mine);
    assert.equal(toReconnectPolicy({ initialDelayMs: 100, random: () => 0 })!.nextDelayMs({ attempt: 2, elapsedMs: 0, error }), 100);
    assert.equal(toReconnectPolicy(undefined)!.nextDelayMs({ attempt: 1, elapsedMs: 0, error }), 0);
  });
});

describe('retry', () => {
  it('runs until success, waiting as the policy says, and reports each attempt', async () => {
    const scheduler = new FakeScheduler();
    const attempts: Array<[number, number]> = [];
    let runs = 0;
    const handle = retry({
      policy: backoffPolicy({ random: () => 0 }),
      scheduler,
      cause: error,
      run: async () => {
        if (++runs < 3) throw new RelayError('TIMEOUT', 'not yet');
      },
      onAttempt: (attempt, delayMs) => attempts.push([attempt, delayMs]),
    });
    await new Promise((r) => setImmediate(r));
    scheduler.advance(500);
    await new Promise((r) => setImmediate(r));
    scheduler.advance(1000);
    await handle.promise;
    assert.deepEqual(attempts, [[1, 0], [2, 500], [3, 1000]]);
  });

  it('stops at once on an error it must not retry, and when cancelled', async () => {
    const scheduler = new FakeScheduler();
    const refused = new RelayError('UNAUTHORIZED_ACCESS', 'no');
    const final = retry({ policy: backoffPolicy(), scheduler, cause: error, run: () => Promise.reject(refused), retryable: () => false });
    await assert.rejects(final.promise, (e) => e === refused);

    const cancelled = retry({ policy: backoffPolicy(), scheduler, cause: error, run: () => Promise.reject(error) });
    await new Promise((r) => setImmediate(r));
    const reason = new RelayError('ABORTED', 'stop');
    cancelled.cancel(reason);
    await assert.rejects(cancelled.promise, (e) => e === reason);
    assert.equal(scheduler.pending, 0, 'no timer is left behind');
  });
});
