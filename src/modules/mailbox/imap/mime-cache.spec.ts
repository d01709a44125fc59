import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MimeCache } from './mime-cache';

describe('MimeCache', () => {
  it('stays bounded however many messages pass through, keeping the recently used', () => {
    const cache = new MimeCache(8);
    const raw = (n: number) => Buffer.from(`Subject: ${n}\r\n\r\nbody ${n}\r\n`);
    const first = cache.get(1, raw(1));
    for (let id = 2; id <= 10_000; id++) {
      cache.get(id, raw(id));
      if (id % 4 === 0) assert.equal(cache.get(1, raw(1)), first, 'a recently used tree is kept');
    }
    assert.equal(cache.size, 8);
    assert.equal(cache.get(1, raw(1)), first);
  });

  it('holds copies of header bytes, not slices of the message buffer', () => {
    const raw = Buffer.from(`Subject: big\r\n\r\n${'x'.repeat(100_000)}`);
    const node = new MimeCache().get(1, raw);
    assert.notEqual(node.headers[0].raw.buffer, raw.buffer);
  });
});
