import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { encodeMessage, splitLines } from './pop3.encoding';

describe('POP3 encoding', () => {
  it('splits on CRLF, LF and CR alike', () => {
    const lines = splitLines(Buffer.from('a\r\nb\nc\rd'));
    assert.deepEqual(
      lines.map((l) => l.toString()),
      ['a', 'b', 'c', 'd'],
    );
  });

  it('ends every line in CRLF, stuffs leading dots and terminates', () => {
    const raw = Buffer.from('Subject: x\n\n.\n..\n.hidden\nend');
    assert.equal(encodeMessage(raw).toString(), 'Subject: x\r\n\r\n..\r\n...\r\n..hidden\r\nend\r\n.\r\n');
  });

  it('TOP keeps the header, the blank line and n body lines', () => {
    const raw = Buffer.from('A: 1\r\nB: 2\r\n\r\none\r\ntwo\r\nthree\r\n');
    assert.equal(encodeMessage(raw, 0).toString(), 'A: 1\r\nB: 2\r\n\r\n.\r\n');
    assert.equal(encodeMessage(raw, 2).toString(), 'A: 1\r\nB: 2\r\n\r\none\r\ntwo\r\n.\r\n');
    assert.equal(encodeMessage(raw, 99).toString(), 'A: 1\r\nB: 2\r\n\r\none\r\ntwo\r\nthree\r\n.\r\n');
  });

  it('leaves 8-bit bytes alone', () => {
    const raw = Buffer.from([0x53, 0x3a, 0xff, 0x0a, 0x0a, 0xe2, 0x82, 0xac]);
    assert.deepEqual(
      encodeMessage(raw),
      Buffer.from([0x53, 0x3a, 0xff, 0x0d, 0x0a, 0x0d, 0x0a, 0xe2, 0x82, 0xac, 0x0d, 0x0a, 0x2e, 0x0d, 0x0a]),
    );
  });
});
