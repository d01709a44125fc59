import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { inSequenceSet, parseSequenceSet } from './sequence-set';

describe('sequence sets', () => {
  it('reads single numbers, ranges, lists and *', () => {
    assert.deepEqual(parseSequenceSet('1:*', 9), [{ from: 1, to: 9 }]);
    assert.deepEqual(parseSequenceSet('2,4:6', 9), [
      { from: 2, to: 2 },
      { from: 4, to: 6 },
    ]);
    assert.deepEqual(parseSequenceSet('*', 5), [{ from: 5, to: 5 }]);
    assert.deepEqual(parseSequenceSet('7:3', 9), [{ from: 3, to: 7 }]);
  });

  it('keeps huge ranges as ranges', () => {
    const set = parseSequenceSet('1:4294967295', 3);
    assert.ok(set);
    assert.equal(inSequenceSet(set, 4000000000), true);
    assert.equal(inSequenceSet(set, 0), false);
  });

  it('refuses garbage', () => {
    for (const bad of ['', '0', '1:', ':3', '1::2', 'a', '1,,2', '4294967296', '-1', '1:2:3'])
      assert.equal(parseSequenceSet(bad, 9), undefined, bad);
  });

  it('tests membership', () => {
    const set = parseSequenceSet('2,4:6', 9);
    assert.ok(set);
    assert.deepEqual(
      [1, 2, 3, 4, 5, 6, 7].filter((n) => inSequenceSet(set, n)),
      [2, 4, 5, 6],
    );
  });
});
