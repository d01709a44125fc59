import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nameField, passwordField } from './signup.fields';

describe('signup fields', () => {
  it('names: 1-64 characters after trimming, no control characters', () => {
    for (const ok of ['A', '  Ada Lovelace  ', '김민준', 'Eve "The <Boss>"', 'x'.repeat(64), '😀'.repeat(64)])
      assert.ok(nameField.safeParse(ok).success, ok);
    for (const bad of [
      '',
      '   ',
      'x'.repeat(65),
      'x\r\nBcc: evil@example.com',
      'tab\there',
      'nul\u0000',
      'del\u007f',
      'line\u2028sep',
      'bidi\u202eoverride',
    ])
      assert.ok(!nameField.safeParse(bad).success, JSON.stringify(bad));
  });

  it('passwords: 8-128 characters, counted as characters not bytes', () => {
    assert.ok(passwordField.safeParse('12345678').success);
    assert.ok(passwordField.safeParse('비'.repeat(128)).success);
    assert.ok(!passwordField.safeParse('1234567').success);
    assert.ok(!passwordField.safeParse('p'.repeat(129)).success);
  });
});
