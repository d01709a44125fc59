import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PollingMailQueue } from './polling.mail-queue';

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('PollingMailQueue.wake', () => {
  it('wakes the worker after the caller has finished, not inside its call', async () => {
    const queue = new PollingMailQueue();
    let woken = 0;
    queue.onWork(() => woken++);
    queue.wake();
    await Promise.resolve(); // the rest of the caller's promise chain (an HTTP answer going out)
    assert.equal(woken, 0, 'not within the caller’s turn');
    await nextTurn();
    assert.equal(woken, 1);
  });

  it('wakes that come together are one wake; a later one wakes again', async () => {
    const queue = new PollingMailQueue();
    let woken = 0;
    queue.onWork(() => woken++);
    queue.wake();
    queue.wake();
    queue.wake();
    await nextTurn();
    assert.equal(woken, 1);
    queue.wake();
    await nextTurn();
    assert.equal(woken, 2);
  });

  it('without a worker in the process (an api role), waking does nothing', async () => {
    const queue = new PollingMailQueue();
    queue.wake();
    await nextTurn();
    let woken = 0;
    queue.onWork(() => woken++);
    queue.onWork(undefined);
    queue.wake();
    await nextTurn();
    assert.equal(woken, 0);
  });
});
