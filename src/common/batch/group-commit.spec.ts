import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GroupCommit } from './group-commit';

describe('GroupCommit', () => {
  it('runs a lone call at once, then batches the calls that arrived meanwhile', async () => {
    const batches: number[][] = [];
    const group = new GroupCommit<number, number>(async (items) => {
      batches.push(items);
      await new Promise((r) => setTimeout(r, 5));
      return items.map((i) => i * 10);
    }, 3);
    const results = await Promise.all([1, 2, 3, 4, 5, 6].map((i) => group.add(i)));
    assert.deepEqual(results, [10, 20, 30, 40, 50, 60]);
    assert.deepEqual(batches, [[1], [2, 3, 4], [5, 6]]);
  });

  it("rejects only the failing batch's callers and keeps going", async () => {
    let call = 0;
    const group = new GroupCommit<string, string>(async (items) => {
      call++;
      await Promise.resolve();
      if (call === 1) throw new Error('boom');
      return items.map((s) => s.toUpperCase());
    }, 10);
    const first = group.add('a');
    const second = group.add('b');
    await assert.rejects(first, /boom/);
    assert.equal(await second, 'B');
  });
});
