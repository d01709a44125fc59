import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { afterFailure, backoffMs, RETRY, retryDelayMs } from './retry.policy';

describe('retry backoff', () => {
  const almostOne = () => 0.999999;

  it('doubles the ceiling per attempt from the base', () => {
    assert.equal(backoffMs(1, almostOne), RETRY.baseMs - 1);
    assert.equal(backoffMs(2, almostOne), 2 * RETRY.baseMs - 1);
    assert.equal(backoffMs(4, almostOne), 8 * RETRY.baseMs - 1);
  });

  it('never exceeds the cap, however many attempts', () => {
    assert.equal(backoffMs(30, almostOne), RETRY.capMs - 1);
    assert.equal(backoffMs(1000, almostOne), RETRY.capMs - 1);
  });

  it('is fully jittered: anywhere from zero to the ceiling', () => {
    assert.equal(
      backoffMs(5, () => 0),
      0,
    );
    assert.equal(
      backoffMs(5, () => 0.5),
      8 * RETRY.baseMs,
    );
  });

  it('waits at least the throttle floor when the provider asked us to slow down', () => {
    assert.equal(
      retryDelayMs(1, true, () => 0),
      RETRY.throttledFloorMs,
    );
    assert.equal(
      retryDelayMs(1, false, () => 0),
      0,
    );
  });
});

describe('after a failed attempt', () => {
  it('a permanent error fails at once with its reason', () => {
    assert.deepEqual(afterFailure('permanent', 'SMTP 550: rejected', 1), {
      outcome: 'failed',
      reason: 'SMTP 550: rejected',
    });
  });

  it('a retryable error retries until the attempt limit, then fails saying so', () => {
    for (let attempt = 1; attempt < RETRY.maxAttempts; attempt++)
      assert.equal(afterFailure('retryable', 'SMTP 451', attempt).outcome, 'retry', `attempt ${attempt}`);
    assert.deepEqual(afterFailure('retryable', 'SMTP 451', RETRY.maxAttempts), {
      outcome: 'failed',
      reason: `SMTP 451; gave up after ${RETRY.maxAttempts} attempts`,
    });
  });

  it('a throttled error waits at least the floor', () => {
    const verdict = afterFailure('throttled', 'SMTP 454', 1, () => 0);
    assert.deepEqual(verdict, { outcome: 'retry', delayMs: RETRY.throttledFloorMs });
  });
});
