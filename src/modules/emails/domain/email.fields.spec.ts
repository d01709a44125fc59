import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addressProblem, attachmentField, recipientField, subjectField } from './email.fields';

describe('Email API fields', () => {
  it('accepts RFC 5321 addresses and refuses the rest', () => {
    for (const ok of ['a@example.com', 'first.last+tag@sub.example.co', '"quoted local"@example.com'])
      assert.equal(addressProblem(ok), undefined, ok);
    for (const bad of [
      '',
      'no-at',
      '@example.com',
      'a@',
      'a@localhost',
      'a@example.123',
      'a..b@example.com',
      'a b@example.com',
      `${'x'.repeat(65)}@example.com`,
      'a@exa_mple.com',
      'a@example.com\r\nBcc: x@evil.test',
      'a@[127.0.0.1]',
    ])
      assert.notEqual(addressProblem(bad), undefined, JSON.stringify(bad));
  });

  it('a recipient is an address or {address, name}; names have no control characters', () => {
    assert.deepEqual(recipientField.parse(' a@example.com '), { address: 'a@example.com' });
    assert.deepEqual(recipientField.parse({ address: 'a@example.com', name: ' Ada ' }), {
      address: 'a@example.com',
      name: 'Ada',
    });
    for (const name of ['a\r\nBcc: x@evil.test', 'a\u0000b', 'a\u2028b', 'evil\u202egnp.exe', ''])
      assert.equal(recipientField.safeParse({ address: 'a@example.com', name }).success, false, name);
    assert.equal(recipientField.safeParse({ address: 'a@example.com', cc: 'x@evil.test' }).success, false);
  });

  it('a subject is one line of at most 500 characters', () => {
    assert.equal(subjectField.parse('  Hello  '), 'Hello');
    for (const bad of ['a\nb', 'a\rb', 'a\tb', '   ', 'x'.repeat(501)])
      assert.equal(subjectField.safeParse(bad).success, false, JSON.stringify(bad));
  });

  it('an attachment has a plain file name, base64 content and a bare media type', () => {
    const good = { filename: 'report 2026.pdf', content: 'JVBERg==', contentType: 'application/pdf' };
    assert.equal(attachmentField.safeParse(good).success, true);
    for (const change of [
      { filename: '../x' },
      { filename: 'a\\b' },
      { filename: '.' },
      { filename: 'a\nb' },
      { content: 'JVBERg=' },
      { content: 'not base64' },
      { contentType: 'text/plain; charset=utf-8' },
      { contentType: 'text' },
    ])
      assert.equal(attachmentField.safeParse({ ...good, ...change }).success, false, JSON.stringify(change));
  });
});
