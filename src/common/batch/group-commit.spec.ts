import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GroupCommit } from './group-commit';

const until = async (condition: () => boolean) => {
  while (!condition()) await new Promise((resolve) => setImmediate(resolve));
};

/** A batch function whose first call waits until `release()`, recording every batch it gets. */
function gated<I, O>(map: (item: I, call: number) => O) {
  const batches: I[][] = [];
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const run = async (items: I[]) => {
    batches.push(items);
    const call = batches.length;
    if (call === 1) await gate;
    return items.map((i) => map(i, call));
  };
  return { batches, run, release: () => release() };
}

describe('GroupCommit', () => {
  it('batches the calls of one event-loop turn, then those that arrived while it ran', async () => {
    const g = gated<number, number>((i) => i * 10);
    const group = new GroupCommit(g.run, 3);
    const first = [1, 2].map((i) => group.add(i));
    await until(() => g.batches.length === 1); // the first batch is running now
    const later = [3, 4, 5, 6].map((i) => group.add(i));
    g.release();
    assert.deepEqual(await Promise.all([...first, ...later]), [10, 20, 30, 40, 50, 60]);
    assert.deepEqual(g.batches, [[1, 2], [3, 4, 5], [6]]);
  });

  it("rejects only the failing batch's callers and keeps going", async () => {
    const g = gated<string, string>((s, call) => {
      if (call === 1) throw new Error('boom');
      return s.toUpperCase();
    });
    const group = new GroupCommit(g.run, 10);
    const first = assert.rejects(group.add('a'), /boom/);
    await until(() => g.batches.length === 1);
    const second = group.add('b');
    g.release();
    await first;
    assert.equal(await second, 'B');
  });
});
