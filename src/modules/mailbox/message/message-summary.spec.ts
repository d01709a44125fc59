import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeWords } from './encoded-words';
import { summarizeBytes } from './message-summary';

const received = new Date('2026-11-21T10:00:00Z');
const crlf = (lines: string[]) => Buffer.from(lines.join('\r\n'), 'utf8');

describe('summarizeBytes (the ingest summary without mailparser)', () => {
  it('decodes encoded words, reads addresses the way mailparser shows them and quotes the envelope', () => {
    const raw = crlf([
      'From: =?utf-8?B?SsO8cmdlbg==?= <j@example.test>',
      'To: "Ann" <ann@example.test>, bob@example.test',
      'Subject: =?iso-8859-1?Q?Gr=FC=DFe?= =?iso-8859-1?Q?_aus_Wien?=',
      'Date: Sat, 21 Nov 2026 09:00:00 +0100',
      'Message-ID: <m1@example.test>',
      '',
      'Your code is 482913.',
      '',
    ]);
    const s = summarizeBytes(raw, 'bounce@example.test', received);
    assert.equal(s.from, '"Jürgen" <j@example.test>');
    assert.equal(s.toHeader, '"Ann" <ann@example.test>, bob@example.test');
    assert.equal(s.subject, 'Grüße aus Wien');
    assert.equal(s.date, '2026-11-21T08:00:00.000Z');
    assert.equal(s.snippet, 'your code is 482913.\r\n');
    // Encoded words stay encoded in ENVELOPE (RFC 3501), so it is plain quoted ASCII.
    assert.match(s.envelope ?? '', /^\("Sat, 21 Nov 2026 09:00:00 \+0100" "=\?iso-8859-1\?Q\?Gr=FC=DFe\?=/);
    assert.match(s.envelope ?? '', /\(\("=\?utf-8\?B\?SsO8cmdlbg==\?=" NIL "j" "example\.test"\)\)/);
    assert.match(s.envelope ?? '', /"<m1@example\.test>"\)$/);
  });

  it('takes the snippet from the first text part, decoded, and falls back to the HTML part', () => {
    const multipart = crlf([
      'From: a@example.test',
      'Content-Type: multipart/alternative; boundary="b"',
      '',
      '--b',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: quoted-printable',
      '',
      'Caf=C3=A9 code=',
      ' 123456',
      '--b',
      'Content-Type: text/html',
      '',
      '<p>ignored</p>',
      '--b--',
      '',
    ]);
    assert.equal(summarizeBytes(multipart, '', received).snippet, 'café code 123456');
    const htmlOnly = crlf([
      'From: a@example.test',
      'Content-Type: text/html; charset=utf-8',
      'Content-Transfer-Encoding: base64',
      '',
      Buffer.from('<style>p{}</style><p>Hello&nbsp;<b>World</b></p>').toString('base64'),
      '',
    ]);
    assert.equal(summarizeBytes(htmlOnly, '', received).snippet, 'hello world');
  });

  it('falls back to the envelope sender and the receive time when headers are missing or bad', () => {
    const s = summarizeBytes(crlf(['Date: not a date', '', 'x']), 'dev@example.test', received);
    assert.equal(s.from, 'dev@example.test');
    assert.equal(s.date, received.toISOString());
    assert.equal(s.subject, '');
  });

  it('leaves malformed or unknown-charset encoded words readable', () => {
    assert.equal(decodeWords('=?x-unknown?Q?caf=E9?='), 'café');
    assert.equal(decodeWords('plain =?utf-8?Q?no_end'), 'plain =?utf-8?Q?no_end');
  });
});
