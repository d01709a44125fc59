import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { canonicalJson, requestHash } from './request-hash';

describe('idempotency request hash', () => {
  it('ignores key order at every level and undefined fields', () => {
    assert.equal(
      canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: 'z' }, u: undefined }),
      '{"a":{"c":"z","d":[1,{"x":1,"y":2}]},"b":1}',
    );
    assert.equal(
      requestHash('s', { to: { address: 'a@x.test' }, text: 'hi' }),
      requestHash('s', { text: 'hi', to: { address: 'a@x.test' } }),
    );
  });

  it('differs for another body or another API key scope', () => {
    const body = { to: { address: 'a@x.test' }, text: 'hi' };
    assert.notEqual(requestHash('s', body), requestHash('s', { ...body, text: 'hi!' }));
    assert.notEqual(requestHash('s', body), requestHash('t', body));
  });
});
