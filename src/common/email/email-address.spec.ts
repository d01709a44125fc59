import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { emailKeyOf, emailProblem, parseEmail } from './email-address';

describe('email addresses', () => {
  it('accepts ordinary, plus-tagged, quoted and sub-domain addresses', () => {
    for (const ok of [
      'a@example.com',
      'First.Last+tag@Mail.Example.CO.uk',
      "o'brien@example.ie",
      '"john doe"@example.com',
      '"a\\"b"@example.com',
      `${'x'.repeat(64)}@example.com`,
    ])
      assert.equal(emailProblem(ok), undefined, ok);
  });

  it('refuses what RFC 5321 or sane sending refuses', () => {
    for (const bad of [
      '',
      'plain',
      '@example.com',
      'a@',
      'a@localhost',
      'a..b@example.com',
      '.a@example.com',
      'a.@example.com',
      'a b@example.com',
      'a@exa_mple.com',
      'a@-example.com',
      'a@example-.com',
      'a@1.2.3.4',
      'a@[127.0.0.1]',
      'a\r\nBcc: evil@x.com@example.com',
      '"a\r\nb"@example.com',
      'é@example.com',
      `${'x'.repeat(65)}@example.com`,
      `a@${'l'.repeat(64)}.com`,
      `${'x'.repeat(60)}@${Array.from({ length: 4 }, () => 'd'.repeat(60)).join('.')}.com`,
    ])
      assert.notEqual(emailProblem(bad), undefined, JSON.stringify(bad));
  });

  it('keeps the local part, lower-cases the domain and keys on the whole address', () => {
    assert.deepEqual(parseEmail('  Ada.Lovelace@Example.COM '), {
      email: 'Ada.Lovelace@example.com',
      display: 'Ada.Lovelace@Example.COM',
      key: 'ada.lovelace@example.com',
    });
  });

  it('parseEmail throws on an invalid address', () => {
    assert.throws(() => parseEmail('nope'));
  });

  it('emailKeyOf: the account key, or undefined for what cannot be an address', () => {
    assert.equal(emailKeyOf('Kim.MinJi@Example.COM'), parseEmail('Kim.MinJi@Example.COM').key);
    for (const bad of ['', 'no-at-sign', 'a@b@c', 'x\r\n@evil.test'])
      assert.equal(emailKeyOf(bad), undefined, bad);
  });
});
