import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { extractCodes, extractLinks } from './extract';

describe('extractLinks', () => {
  it('takes hrefs from the HTML (entities decoded) and URLs from the text, de-duplicated', () => {
    const html = `<a href="https://app.test/verify?token=abc&amp;x=1">Verify</a> <a href='http://b.test/'>b</a>
      <a href=https://c.test/path>c</a> <a href="mailto:x@y.test">mail</a> <a href="javascript:alert(1)">x</a>`;
    const text =
      'Open https://app.test/verify?token=abc&x=1. Or (https://d.test/q?a=1), then https://b.test/';
    assert.deepEqual(extractLinks(text, html), [
      'https://app.test/verify?token=abc&x=1',
      'http://b.test/',
      'https://c.test/path',
      'https://d.test/q?a=1',
      'https://b.test/',
    ]);
  });

  it('copes with missing parts', () => {
    assert.deepEqual(extractLinks(undefined, undefined), []);
    assert.deepEqual(extractLinks('no links here', ''), []);
  });
});

describe('extractCodes', () => {
  it('finds standalone codes, 6-digit ones first', () => {
    assert.deepEqual(extractCodes('Your code is 482913', 'Code: 482913. Backup 1234 or 87654321.'), [
      '482913',
      '1234',
      '87654321',
    ]);
  });

  it('ignores digits that are part of dates, times, decimals, phone numbers, words and URLs', () => {
    const text = [
      'Sent 2026-11-21 at 10:30:15, order A12345, total 1234.50 EUR, call +1-555-0100,',
      'link https://x.test/v?code=654321 or /path/777777, id abc123456, 123456789 is too long.',
    ].join('\n');
    assert.deepEqual(extractCodes('', text), []);
  });

  it('keeps a code at the end of a sentence or in brackets', () => {
    assert.deepEqual(extractCodes(undefined, 'Enter 135790.\n(246802)'), ['135790', '246802']);
  });
});
