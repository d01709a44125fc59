import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CODE_SHAPE,
  SIGNUP_TOKEN_SHAPE,
  SLOT_LENGTH,
  TOKEN_SHAPE,
  challengeSlot,
  hmac,
  newCode,
  newSlottedToken,
  newToken,
  sameHash,
} from './challenge.secrets';

describe('challenge secrets', () => {
  const key = Buffer.alloc(32, 1);

  it('tokens are 32 random bytes in base64url and never repeat', () => {
    const seen = new Set(Array.from({ length: 200 }, newToken));
    assert.equal(seen.size, 200);
    for (const t of seen) {
      assert.match(t, TOKEN_SHAPE);
      assert.equal(Buffer.from(t, 'base64url').length, 32);
    }
  });

  it('signup tokens are the address slot then 32 random bytes (256 bits, as the contract asks)', () => {
    const seen = new Set(Array.from({ length: 200 }, () => newSlottedToken('user@example.com')));
    assert.equal(seen.size, 200);
    for (const t of seen) {
      assert.match(t, SIGNUP_TOKEN_SHAPE);
      assert.equal(t.slice(0, SLOT_LENGTH), challengeSlot('user@example.com'));
      assert.equal(Buffer.from(t.slice(SLOT_LENGTH), 'base64url').length, 32);
    }
  });

  it('codes are six digits, zero-padded, and cover the range', () => {
    const codes = Array.from({ length: 2000 }, newCode);
    for (const c of codes) assert.match(c, CODE_SHAPE);
    assert.ok(new Set(codes.map((c) => c[0])).size === 10, 'every leading digit appears');
  });

  it('HMACs depend on the key and compare in constant time', () => {
    const a = hmac(key, '123456');
    assert.ok(sameHash(a, hmac(key, '123456')));
    assert.ok(!sameHash(a, hmac(key, '123457')));
    assert.ok(!sameHash(a, hmac(Buffer.alloc(32, 2), '123456')));
    assert.ok(!sameHash(a, a.subarray(0, 16)), 'different lengths are unequal, not an exception');
  });
});
