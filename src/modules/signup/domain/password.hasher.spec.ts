import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Gate, PasswordHasher } from './password.hasher';

describe('PasswordHasher', () => {
  it('hashes with argon2id at the OWASP parameters and verifies', async () => {
    const hasher = new PasswordHasher();
    const stored = await hasher.hash('correct horse battery');
    assert.match(stored, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    assert.equal(await hasher.verify(stored, 'correct horse battery'), true);
    assert.equal(await hasher.verify(stored, 'wrong'), false);
    assert.equal(await hasher.verify(undefined, 'anything'), false);
  });
});

describe('Gate', () => {
  it('never runs more than its limit at once, and runs everything in arrival order', async () => {
    const gate = new Gate(2);
    let running = 0;
    let peak = 0;
    const order: number[] = [];
    const jobs = Array.from({ length: 8 }, (_, i) =>
      gate.run(async () => {
        running++;
        peak = Math.max(peak, running);
        await new Promise((r) => setImmediate(r));
        order.push(i);
        running--;
        return i;
      }),
    );
    assert.deepEqual(await Promise.all(jobs), [0, 1, 2, 3, 4, 5, 6, 7]);
    assert.equal(peak, 2);
    assert.deepEqual(order, [0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('frees its slot when a job throws', async () => {
    const gate = new Gate(1);
    await assert.rejects(
      gate.run(() => Promise.reject(new Error('boom'))),
      /boom/,
    );
    assert.equal(await gate.run(async () => 'next'), 'next');
  });
});
