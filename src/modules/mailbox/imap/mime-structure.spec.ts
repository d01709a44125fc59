import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseFetchItems } from './fetch-items';
import { toBuffer } from './imap.format';
import { tokenize } from './imap.parser';
import { buildBodyStructure, buildEnvelope, extractSection, parseMime } from './mime-structure';

const str = (out: string | Buffer) => toBuffer([out]).toString();

const SIMPLE = Buffer.from(
  [
    'From: "Ann, Example" <ann@example.test>',
    'To: bob@example.test, Carl <carl@example.test>',
    'Subject: =?utf-8?q?Gr=C3=BC=C3=9Fe?=',
    'Date: Sat, 21 Nov 2026 10:00:00 +0000',
    'Message-ID: <m1@example.test>',
    'X-Long: one',
    '  two',
    '',
    'line one',
    'line two',
    '',
  ].join('\r\n'),
);

const NESTED = Buffer.from(
  [
    'Subject: outer',
    'Content-Type: multipart/mixed; boundary=outer',
    '',
    '--outer',
    'Content-Type: multipart/alternative; boundary="inner"',
    '',
    '--inner',
    'Content-Type: text/plain',
    '',
    'plain',
    '--inner',
    'Content-Type: text/html; charset=utf-8',
    '',
    '<p>html</p>',
    '--inner--',
    '--outer',
    'Content-Type: message/rfc822',
    '',
    'Subject: inner message',
    'From: x@example.test',
    '',
    'inner body',
    '--outer--',
    '',
  ].join('\r\n'),
);

function section(raw: Buffer, spec: string): string {
  const [item] = parseFetchItems(tokenize([`BODY.PEEK[${spec}]`]));
  assert.equal(item.kind, 'section');
  if (item.kind !== 'section') return '';
  return extractSection(raw, parseMime(raw), item.section).toString();
}

describe('ENVELOPE', () => {
  it('lists date, subject (still encoded), addresses with Sender/Reply-To defaulting to From, and ids', () => {
    const from = '(("Ann, Example" NIL "ann" "example.test"))';
    assert.equal(
      str(buildEnvelope(parseMime(SIMPLE).headers)),
      `("Sat, 21 Nov 2026 10:00:00 +0000" "=?utf-8?q?Gr=C3=BC=C3=9Fe?=" ${from} ${from} ${from} ` +
        '((NIL NIL "bob" "example.test") ("Carl" NIL "carl" "example.test")) NIL NIL NIL "<m1@example.test>")',
    );
  });

  it('sends a value with a quote or 8-bit bytes safely', () => {
    const raw = Buffer.from('Subject: say "hi" \\ bye\r\nFrom: Jürgen <j@example.test>\r\n\r\n');
    const env = str(buildEnvelope(parseMime(raw).headers));
    assert.match(env, /"say \\"hi\\" \\\\ bye"/);
    assert.match(env, /\(\{7\}\r\nJürgen NIL "j" "example.test"\)/);
  });
});

describe('BODYSTRUCTURE', () => {
  it('describes a single text part with size and lines', () => {
    assert.equal(
      str(buildBodyStructure(parseMime(SIMPLE), false)),
      '("text" "plain" ("CHARSET" "us-ascii") NIL NIL "7bit" 20 2)',
    );
  });

  it('describes nested multiparts and an enclosed message', () => {
    const out = str(buildBodyStructure(parseMime(NESTED), true));
    assert.match(out, /^\(\(\("text" "plain" \("CHARSET" "us-ascii"\) NIL NIL "7bit" 5 1 NIL NIL NIL NIL\)/);
    assert.match(
      out,
      /\("text" "html" \("CHARSET" "utf-8"\) NIL NIL "7bit" 11 1 NIL NIL NIL NIL\) "alternative" \("BOUNDARY" "inner"\) NIL NIL NIL\)/,
    );
    assert.match(
      out,
      /\("message" "rfc822" NIL NIL NIL "7bit" \d+ \(NIL "inner message" \(\(NIL NIL "x" "example.test"\)\)/,
    );
    assert.match(out, / "mixed" \("BOUNDARY" "outer"\) NIL NIL NIL\)$/);
  });
});

describe('BODY[section]', () => {
  it('cuts HEADER, HEADER.FIELDS (folding kept), HEADER.FIELDS.NOT and TEXT', () => {
    assert.equal(section(SIMPLE, 'TEXT'), 'line one\r\nline two\r\n');
    assert.equal(
      section(SIMPLE, 'HEADER.FIELDS (x-long SUBJECT)'),
      'Subject: =?utf-8?q?Gr=C3=BC=C3=9Fe?=\r\nX-Long: one\r\n  two\r\n\r\n',
    );
    assert.match(
      section(SIMPLE, 'HEADER.FIELDS.NOT (X-LONG)'),
      /^From: [\s\S]*Message-ID: <m1@example.test>\r\n\r\n$/,
    );
    assert.ok(section(SIMPLE, 'HEADER').endsWith('  two\r\n\r\n'));
    assert.equal(section(SIMPLE, '1'), 'line one\r\nline two\r\n');
  });

  it('addresses parts by number, MIME headers and an enclosed message', () => {
    assert.equal(section(NESTED, '1.1'), 'plain');
    assert.equal(section(NESTED, '1.2'), '<p>html</p>');
    assert.equal(section(NESTED, '1.2.MIME'), 'Content-Type: text/html; charset=utf-8\r\n\r\n');
    assert.equal(section(NESTED, '2.HEADER'), 'Subject: inner message\r\nFrom: x@example.test\r\n\r\n');
    assert.equal(section(NESTED, '2.TEXT'), 'inner body');
    assert.equal(section(NESTED, '2.1'), 'inner body');
    assert.equal(section(NESTED, '3'), '');
    assert.equal(section(NESTED, '1.1.TEXT'), '');
  });

  it('names the answer as the client asked, with the partial origin', () => {
    const [a, b] = parseFetchItems(tokenize(['(body[header.fields (subject)]<5.10> BODY.PEEK[1.TEXT])']));
    assert.ok(a.kind === 'section' && b.kind === 'section');
    assert.equal(a.label, 'BODY[HEADER.FIELDS (SUBJECT)]<5>');
    assert.deepEqual(a.partial, { start: 5, count: 10 });
    assert.equal(a.peek, false);
    assert.equal(b.label, 'BODY[1.TEXT]');
    assert.equal(b.peek, true);
  });
});
