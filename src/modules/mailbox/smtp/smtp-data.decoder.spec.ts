import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SmtpDataDecoder } from './smtp-data.decoder';

/** Feeds `wire` in the given chunks; returns the content and what follows the end (undefined: no end). */
function decode(chunks: readonly string[]): { body: string; rest?: string } {
  const decoder = new SmtpDataDecoder();
  const pieces: Buffer[] = [];
  for (let c = 0; c < chunks.length; c++) {
    const chunk = Buffer.from(chunks[c], 'latin1');
    const end = decoder.feed(chunk, (piece) => pieces.push(Buffer.from(piece)));
    if (end !== -1) {
      const rest = [chunk.subarray(end).toString('latin1'), ...chunks.slice(c + 1)].join('');
      return { body: Buffer.concat(pieces).toString('latin1'), rest };
    }
  }
  return { body: Buffer.concat(pieces).toString('latin1') };
}

/** Every way of cutting `wire` into two and three pieces must decode the same as one piece. */
function everySplit(wire: string, expected: { body: string; rest?: string }): void {
  assert.deepEqual(decode([wire]), expected, 'whole');
  for (let a = 0; a <= wire.length; a++) {
    assert.deepEqual(decode([wire.slice(0, a), wire.slice(a)]), expected, `split at ${a}`);
    for (let b = a; b <= wire.length; b++)
      assert.deepEqual(
        decode([wire.slice(0, a), wire.slice(a, b), wire.slice(b)]),
        expected,
        `split at ${a}, ${b}`,
      );
  }
}

describe('SmtpDataDecoder', () => {
  it('ends at CRLF.CRLF, keeping the last line break and leaving what follows', () => {
    everySplit('Subject: x\r\n\r\nhello\r\n.\r\nQUIT\r\n', {
      body: 'Subject: x\r\n\r\nhello\r\n',
      rest: 'QUIT\r\n',
    });
  });

  it('takes an empty message (the data starts at a line start)', () => {
    everySplit('.\r\nNOOP\r\n', { body: '', rest: 'NOOP\r\n' });
  });

  it('removes the stuffing dot: a line of just ".." is a line of "."', () => {
    everySplit('a\r\n..\r\n...b\r\n.c\r\n.\r\n', { body: 'a\r\n.\r\n..b\r\nc\r\n', rest: '' });
    everySplit('..\r\n.\r\n', { body: '.\r\n', rest: '' });
  });

  it('never ends at a bare LF: LF.LF and LF.CRLF are content', () => {
    everySplit('a\n.\nb\n.\r\nc\r\n.\r\n', { body: 'a\n.\nb\n.\r\nc\r\n', rest: '' });
  });

  it('keeps a CR that follows a line-start dot when no LF comes after it', () => {
    everySplit('x\r\n.\rz\r\n.\r\n', { body: 'x\r\n\rz\r\n', rest: '' });
    everySplit('x\r\n.\r\r\n.\r\n', { body: 'x\r\n\r\r\n', rest: '' });
  });

  it('goes on past the end of the input without an end', () => {
    assert.deepEqual(decode(['abc\r\n', '.', '\r']), { body: 'abc\r\n' });
  });

  it('is ready for the next message after an end', () => {
    const decoder = new SmtpDataDecoder();
    const out: string[] = [];
    const wire = Buffer.from('one\r\n.\r\n');
    assert.equal(
      decoder.feed(wire, (p) => out.push(p.toString())),
      wire.length,
    );
    assert.equal(
      decoder.feed(Buffer.from('.\r\n'), (p) => out.push(p.toString())),
      3,
    );
    assert.deepEqual(out, ['one\r\n']);
  });
});

/** RFC 5321 read plainly, on strings: the data starts after a CRLF; CRLF.CRLF ends it; a line-start dot goes. */
function reference(wire: string): { body: string; rest?: string } {
  const framed = `\r\n${wire}`;
  const end = framed.indexOf('\r\n.\r\n');
  if (end === -1) return { body: '' };
  const body = framed
    .slice(0, end + 2)
    .replace(/\r\n\./g, '\r\n')
    .slice(2);
  return { body, rest: framed.slice(end + 5) };
}

describe('SmtpDataDecoder against a plain reading of RFC 5321', () => {
  it('agrees on 3,000 random inputs of CR, LF, dots and text, cut at random points', () => {
    let seed = 12345;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const alphabet = ['\r', '\n', '.', 'a', '\r\n', '\r\n.'];
    for (let round = 0; round < 3000; round++) {
      const parts = Array.from({ length: random(14) }, () => alphabet[random(alphabet.length)]);
      const wire = `${parts.join('')}\r\n.\r\nafter`;
      const cuts = [...new Set([random(wire.length + 1), random(wire.length + 1)])].sort((a, b) => a - b);
      const chunks = [0, ...cuts].map((from, i, all) => wire.slice(from, all[i + 1] ?? wire.length));
      assert.deepEqual(decode(chunks), reference(wire), JSON.stringify(chunks));
    }
  });
});
