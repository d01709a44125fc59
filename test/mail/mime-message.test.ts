import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { describe, it } from 'node:test';
import { type AddressObject, type ParsedMail, simpleParser } from 'mailparser';
import MailComposer from 'nodemailer/lib/mail-composer';
import { createLocalResolver } from '../../src/modules/mailbox/message/local-resolver';
import { checkAuthentication } from '../../src/modules/mailbox/message/message-auth';
import { type OutgoingMail, TransportError } from '../../src/modules/mail/transports/mail-transport.port';
import {
  buildMimeMessage,
  smtpEnvelope,
} from '../../src/modules/mail/transports/nodemailer/mime-message.builder';
import { RawMessageComposer } from '../../src/modules/mail/transports/nodemailer/raw-message.composer';

const ALL_BYTES = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
const LONG_WORD = 'x'.repeat(1200);

function mail(extra: Partial<OutgoingMail> = {}): OutgoingMail {
  return {
    messageId: '<4f1c2a90-round-trip@mailgate.test>',
    from: { name: 'mailgate', address: 'no-reply@mailgate.test' },
    to: { name: '김민준', address: 'minjun@example.test' },
    subject: '이메일 주소를 확인해 주세요',
    text: '인증 코드: 123456\n',
    html: '<p>인증 코드: <b>123456</b></p>',
    headers: { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'OOF, AutoReply' },
    ...extra,
  };
}

/** The shapes mailgate sends, and text chosen to trip each encoding rule. */
const CASES: Record<string, OutgoingMail> = {
  'Korean template (text + html)': mail(),
  'text only, ASCII, short lines (7bit)': mail({
    to: { address: 'plain@example.test' },
    subject: 'Hello',
    text: 'one\ntwo\n',
    html: '',
  }),
  'long lines, dots, bare CR/LF, trailing spaces': mail({
    subject: `A subject with an unbroken ${LONG_WORD} run`,
    text: `.starts with a dot\n..two\r\nbare CR\rend  \n${'The quick brown fox. '.repeat(80)}\n${LONG_WORD}\nFrom here`,
    html: `<div>${'<span>long html line</span>'.repeat(300)}</div>`,
  }),
  'html only, mostly non-Latin (base64)': mail({ text: '', html: `<p>${'한국어 본문 '.repeat(200)}</p>` }),
  'emoji and accents in names and subject': mail({
    from: { name: 'Mail Gate, Inc. "Team"', address: 'no-reply@mailgate.test' },
    to: { name: 'Zoë 🚀 Smith', address: 'zoe@example.test' },
    subject: 'Café ☕ — “quotes” 🚀',
    text: 'naïve café 🚀',
  }),
  'attachments with non-ASCII names': mail({
    attachments: [
      { filename: '보고서 2026.pdf', contentType: 'application/pdf', content: Buffer.from('%PDF-1.7 hello') },
      { filename: 'résumé "final"; v2.bin', contentType: 'application/octet-stream', content: ALL_BYTES },
      { filename: `${'long-name-'.repeat(20)}.txt`, contentType: 'text/plain', content: Buffer.from('hi\n') },
    ],
  }),
  'a CR/LF in a display name': mail({
    to: { name: 'Eve\r\nBcc: victim@evil.test', address: 'eve@example.test' },
  }),
};

/** The same message through nodemailer's own composer, as the SMTP sender sent it before. */
async function nodemailerBuild(m: OutgoingMail): Promise<Buffer> {
  return new MailComposer({
    from: m.from.name ? { name: m.from.name, address: m.from.address } : m.from.address,
    to: m.to.name ? { name: m.to.name, address: m.to.address } : m.to.address,
    subject: m.subject,
    text: m.text,
    html: m.html,
    attachments: m.attachments?.map((a) => ({ ...a })),
    messageId: m.messageId,
    headers: m.headers,
    newline: 'windows',
  })
    .compile()
    .build();
}

const addresses = (a: AddressObject | AddressObject[] | undefined) =>
  (Array.isArray(a) ? a : a ? [a] : []).flatMap((o) =>
    o.value.map((v) => ({ name: v.name, address: v.address })),
  );
/** What a reader sees: line ends are CRLF in ours, as MIME wants for text. */
const sameLines = (s: string | false | undefined) => (s || '').replace(/\r\n|\r/g, '\n').replace(/\n+$/, '');

/** Everything a mail client shows of a message. */
function semantics(p: ParsedMail) {
  return {
    from: addresses(p.from),
    to: addresses(p.to),
    subject: p.subject,
    messageId: p.messageId,
    text: sameLines(p.text),
    html: sameLines(p.html),
    autoSubmitted: p.headers.get('auto-submitted'),
    suppress: p.headers.get('x-auto-response-suppress'),
    bcc: p.headers.get('bcc'),
    attachments: p.attachments.map((a) => ({
      filename: a.filename,
      contentType: a.contentType,
      content: a.content.toString('base64'),
    })),
  };
}

function assertWellFormed(raw: Buffer, what: string): void {
  const text = raw.toString('latin1');
  assert.ok(text.endsWith('\r\n'), `${what}: ends with CRLF`);
  assert.equal(/[^\r]\n|\r[^\n]/.test(text), false, `${what}: only CRLF line ends`);
  const longest = Math.max(...text.split('\r\n').map((l) => l.length));
  assert.ok(longest <= 998, `${what}: a line of ${longest} characters`);
  assert.equal(/\P{ASCII}/u.test(text), false, `${what}: 7-bit only (no 8BITMIME needed)`);
}

describe('MIME message builder', () => {
  for (const [name, m] of Object.entries(CASES))
    it(`reads like nodemailer's message: ${name}`, async () => {
      const ours = buildMimeMessage(m);
      assertWellFormed(ours, name);
      const [got, reference] = await Promise.all([
        simpleParser(ours),
        simpleParser(await nodemailerBuild(m)),
      ]);
      assert.deepEqual(semantics(got), semantics(reference));
      // Not just equal to nodemailer's: equal to what was sent.
      assert.equal(got.subject, m.subject);
      assert.equal(got.messageId, m.messageId);
      if (m.text) assert.equal(sameLines(got.text), sameLines(m.text)); // else mailparser derives it from the HTML
      assert.deepEqual(addresses(got.to), [{ name: m.to.name ?? '', address: m.to.address }]);
      for (const [i, a] of (m.attachments ?? []).entries()) {
        assert.equal(got.attachments[i].filename, a.filename);
        assert.deepEqual(got.attachments[i].content, a.content);
      }
    });

  it('a CR/LF in a custom header value adds no header; a header of its own cannot be replaced', async () => {
    const got = await simpleParser(
      buildMimeMessage(mail({ headers: { 'X-Note': 'ok\r\nBcc: victim@evil.test' } })),
    );
    assert.equal(got.headers.get('bcc'), undefined);
    assert.equal(got.headers.get('x-note'), 'ok Bcc: victim@evil.test');
    const refused: Record<string, string>[] = [
      { Bcc: 'victim@evil.test' },
      { subject: 'other' },
      { 'X-A: b': 'c' },
    ];
    for (const headers of refused)
      assert.throws(
        () => buildMimeMessage(mail({ headers })),
        (e: unknown) => e instanceof TransportError && e.kind === 'permanent',
        JSON.stringify(headers),
      );
  });

  it('the envelope is the one recipient, normalised as nodemailer normalises it', async () => {
    assert.deepEqual(smtpEnvelope(mail({ to: { name: 'x', address: 'a@bücher.example' } })), {
      from: 'no-reply@mailgate.test',
      to: ['a@xn--bcher-kva.example'],
    });
    // Never split by an address parser: one recipient in the envelope and in the header.
    for (const address of ['a@example.test, b@evil.test', 'a@example.test>,<b@evil.test']) {
      const m = mail({ to: { address } });
      assert.equal(smtpEnvelope(m).to.length, 1, address);
      assert.equal(addresses((await simpleParser(buildMimeMessage(m))).to).length, 1, address);
    }
  });

  it('DKIM: every shape verifies with mailauth, and a changed body does not', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const dkim = {
      domain: 'mailgate.test',
      selector: 's1',
      privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    };
    const composer = new RawMessageComposer(dkim);
    const resolve = createLocalResolver({ dkim });
    const meta = { sender: 'no-reply@mailgate.test' } as Parameters<typeof checkAuthentication>[1];
    for (const [name, m] of Object.entries(CASES)) {
      const signed = await composer.compose(m);
      assertWellFormed(signed, name);
      const auth = await checkAuthentication(signed, meta, resolve);
      assert.equal(auth.dkim, 'pass', name);
      assert.equal(auth.dkimDomain, 'mailgate.test');
    }
    const tampered = Buffer.from(
      (await composer.compose(CASES['text only, ASCII, short lines (7bit)']))
        .toString()
        .replace('two', 'TWO'),
    );
    assert.notEqual((await checkAuthentication(tampered, meta, resolve)).dkim, 'pass');
  });
});
