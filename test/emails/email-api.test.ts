import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { simpleParser } from 'mailparser';
import { IdempotencySweeper } from '../../src/modules/emails/idempotency/idempotency.sweeper';
import { startTestApp, type TestApp } from '../support/app';
import { SmtpSink, waitFor } from '../mail/smtp-sink';

const KEY = 'mg_test_key_0123456789abcdef';
const OTHER_KEY = 'mg_test_other_key_0123456789';

interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  fields?: Record<string, string>;
}

interface EmailView {
  id: string;
  status: string;
  to: string;
  subject: string;
  attempts: { at: string; outcome: string; error?: string }[];
  transport: string;
  messageId: string;
  createdAt: string;
  sentAt?: string;
}

const addr = (label: string) => `${label}-${randomUUID().slice(0, 8)}@example.test`;

describe('Email API over HTTP, delivered over SMTP', () => {
  let sink: SmtpSink;
  let app: TestApp;

  before(async () => {
    sink = await SmtpSink.start();
    app = await startTestApp({
      MAIL_TRANSPORT: 'smtp',
      SMTP_URL: sink.url,
      MAILBOX: 'off',
      MAIL_FROM: 'mailgate <no-reply@mailgate.test>',
      API_KEYS: `${KEY}, ${OTHER_KEY}`,
    });
  });
  after(async () => {
    await app.destroy();
    await sink.close();
  });

  function post(body: unknown, headers: Record<string, string> = {}, key: string | null = KEY) {
    return fetch(`${app.url}/emails`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(key === null ? {} : { authorization: `Bearer ${key}` }),
        ...headers,
      },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  }

  async function queue(body: unknown, headers: Record<string, string> = {}): Promise<string> {
    const res = await post(body, headers);
    const got = (await res.json()) as { id: string; status: string };
    assert.equal(res.status, 202, JSON.stringify(got));
    assert.equal(got.status, 'queued');
    return got.id;
  }

  async function view(id: string, key = KEY): Promise<Response> {
    return fetch(`${app.url}/emails/${id}`, { headers: { authorization: `Bearer ${key}` } });
  }

  function settled(id: string, status: string): Promise<EmailView> {
    return waitFor(`email ${id} to be ${status}`, async () => {
      const v = (await (await view(id)).json()) as EmailView;
      if (v.status === 'failed' && status !== 'failed') throw new Error(`failed: ${JSON.stringify(v)}`);
      return v.status === status ? v : undefined;
    });
  }

  async function expectError(res: Response, status: number, code: string): Promise<ErrorBody> {
    const body = (await res.json()) as ErrorBody;
    assert.equal(res.status, status, JSON.stringify(body));
    assert.equal(body.code, code);
    assert.equal(body.statusCode, status);
    assert.equal(typeof body.message, 'string');
    assert.ok(res.headers.get('x-request-id'));
    return body;
  }

  async function count(to: string): Promise<number> {
    const [{ n }] = await app.runtime.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM messages WHERE to_addr = $1',
      [to],
    );
    return n;
  }

  it('401 invalid_api_key without a key, with a wrong one, or with another scheme', async () => {
    const body = { to: addr('nokey'), subject: 'Hi', text: 'Hello' };
    await expectError(await post(body, {}, null), 401, 'invalid_api_key');
    await expectError(await post(body, {}, `${KEY}x`), 401, 'invalid_api_key');
    await expectError(await post(body, {}, KEY.slice(0, -1)), 401, 'invalid_api_key');
    await expectError(await post(body, { authorization: `Basic ${KEY}` }, null), 401, 'invalid_api_key');
    await expectError(await fetch(`${app.url}/emails/${randomUUID()}`), 401, 'invalid_api_key');
    await expectError(await view(randomUUID(), 'not-a-key-at-all-xx'), 401, 'invalid_api_key');
    await expectError(await fetch(`${app.url}/emails/suppressions`), 401, 'invalid_api_key');
    assert.equal(await count(body.to), 0);
  });

  it('202, then the mail arrives with the stored Message-ID; GET shows the attempt and `sent`', async () => {
    const to = addr('ada');
    const id = await queue({
      to: { address: to, name: 'Ada Lovelace' },
      subject: 'Your report',
      text: 'Hello',
    });
    const queued = (await (await view(id)).json()) as EmailView;
    assert.equal(queued.to, to);
    assert.equal(queued.subject, 'Your report');
    assert.equal(queued.transport, 'smtp');
    assert.match(queued.messageId, /^<[0-9a-f-]{36}@mailgate\.test>$/);

    const sent = await settled(id, 'sent');
    assert.equal(sent.attempts.length, 1);
    assert.equal(sent.attempts[0].outcome, 'sent');
    assert.equal(sent.attempts[0].error, undefined);
    assert.ok(sent.sentAt && Date.parse(sent.sentAt) >= Date.parse(sent.createdAt));
    const got = sink.to(to);
    assert.equal(got.length, 1);
    assert.deepEqual(got[0].rcptTo, [to]);
    assert.equal(got[0].messageId, sent.messageId);
    assert.match(got[0].headers, /^To: Ada Lovelace <ada-[0-9a-f]{8}@example\.test>$/im);
  });

  it('raw text, html and attachments arrive intact', async () => {
    const to = addr('raw');
    const pdf = Buffer.from([0x25, 0x50, 0x44, 0x46, 0x00, 0xff, 0x10, 0x80, 0x0d, 0x0a]);
    const text = 'Line one\nLine two: 한국어 ✓';
    const html = '<p>Hello <b>world</b> — 안녕하세요</p>';
    const id = await queue({
      to,
      subject: 'Invoice 42 — 청구서',
      text,
      html,
      attachments: [
        { filename: 'invoice 42.pdf', content: pdf.toString('base64'), contentType: 'application/pdf' },
        { filename: '메모.txt', content: Buffer.from('note').toString('base64'), contentType: 'text/plain' },
      ],
    });
    await settled(id, 'sent');
    const [got] = sink.to(to);
    const mail = await simpleParser(got.raw);
    assert.equal(mail.subject, 'Invoice 42 — 청구서');
    assert.equal(mail.text?.trim(), text);
    assert.equal(mail.html && mail.html.trim(), html);
    assert.equal(mail.messageId, got.messageId);
    assert.equal(mail.attachments.length, 2);
    assert.equal(mail.attachments[0].filename, 'invoice 42.pdf');
    assert.equal(mail.attachments[0].contentType, 'application/pdf');
    assert.deepEqual(mail.attachments[0].content, pdf);
    assert.equal(mail.attachments[1].filename, '메모.txt');
    assert.equal(mail.attachments[1].content.toString(), 'note');
  });

  it('text only: no HTML part is made up', async () => {
    const to = addr('textonly');
    await settled(await queue({ to, subject: 'Plain', text: 'Just text' }), 'sent');
    const mail = await simpleParser(sink.to(to)[0].raw);
    assert.equal(mail.text?.trim(), 'Just text');
    assert.equal(mail.html, false);
  });

  it('a template by name with a locale: the rendered subject is stored and sent', async () => {
    const to = addr('ko');
    const id = await queue({
      to: { address: to, name: '김민지' },
      template: 'signup-exists',
      locale: 'ko',
      data: { name: '<b>김민지</b>' },
    });
    const sent = await settled(id, 'sent');
    const mail = await simpleParser(sink.to(to)[0].raw);
    assert.equal(mail.subject, sent.subject);
    assert.match(sent.subject, /[가-힣]/);
    assert.ok(mail.text?.includes('<b>김민지</b>님'), mail.text);
    // Values are escaped in the HTML part.
    assert.ok(mail.html && mail.html.includes('&lt;b&gt;김민지&lt;/b&gt;님'), String(mail.html));
  });

  it('an unknown template, missing values or a bad locale is a 400 naming the field', async () => {
    const to = addr('tpl');
    const unknown = await expectError(
      await post({ to, template: 'no-such-template', data: {} }),
      400,
      'validation_failed',
    );
    assert.match(unknown.fields?.template ?? '', /unknown/);
    const missing = await expectError(
      await post({ to, template: 'email-change-verify', data: { name: 'x' } }),
      400,
      'validation_failed',
    );
    assert.match(missing.fields?.data ?? '', /needs values for: .*link/);
    const notATime = await expectError(
      await post({
        to,
        template: 'email-change-verify',
        data: { name: 'x', link: 'https://a.test', code: '1', linkExpiresAt: 'soon', codeExpiresAt: 'soon' },
      }),
      400,
      'validation_failed',
    );
    assert.match(notATime.fields?.data ?? '', /ISO time/);
    const locale = await expectError(
      await post({ to, template: 'signup-exists', locale: 'xx', data: {} }),
      400,
      'validation_failed',
    );
    assert.ok(locale.fields?.locale);
    assert.equal(await count(to), 0);
  });

  it('refuses the templates only mailgate itself sends (their guards act on the records the values name)', async () => {
    const to = addr('guarded');
    for (const template of ['signup-verify', 'password-reset']) {
      const refused = await expectError(
        await post({ to, template, data: { name: 'x', signupId: randomUUID(), resetId: randomUUID() } }),
        400,
        'validation_failed',
      );
      assert.match(refused.fields?.template ?? '', /only by mailgate's own flows/);
    }
    assert.equal(await count(to), 0);
  });

  it('the same Idempotency-Key and body: the same id, current status, one delivery', async () => {
    const to = addr('idem');
    const key = `order-${randomUUID()}`;
    const body = { to, subject: 'Receipt', text: 'Thanks' };
    const id = await queue(body, { 'idempotency-key': key });
    await settled(id, 'sent');
    // Same body, other key order and the object form of `to`: the same request.
    const again = await post(
      { text: 'Thanks', subject: 'Receipt', to: { address: to } },
      { 'idempotency-key': key },
    );
    assert.equal(again.status, 202);
    assert.equal(again.headers.get('idempotent-replayed'), 'true');
    assert.deepEqual(await again.json(), { id, status: 'sent' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(sink.to(to).length, 1);
    assert.equal(await count(to), 1);
  });

  it('the same Idempotency-Key with another body is 422; another API key has its own keys', async () => {
    const to = addr('reuse');
    const key = `k-${randomUUID()}`;
    const id = await queue({ to, subject: 'One', text: 'a' }, { 'idempotency-key': key });
    await expectError(
      await post({ to, subject: 'Two', text: 'a' }, { 'idempotency-key': key }),
      422,
      'idempotency_key_reused',
    );
    const other = await post({ to, subject: 'One', text: 'a' }, { 'idempotency-key': key }, OTHER_KEY);
    assert.equal(other.status, 202);
    assert.notEqual(((await other.json()) as { id: string }).id, id);
    assert.equal(await count(to), 2);
  });

  it('20 concurrent requests with one key: one id, one message, one delivery', async () => {
    const to = addr('race');
    const key = `race-${randomUUID()}`;
    const body = { to, subject: 'Once', text: 'only once' };
    const answers = await Promise.all(
      Array.from({ length: 20 }, async () => {
        const res = await post(body, { 'idempotency-key': key });
        assert.equal(res.status, 202);
        return ((await res.json()) as { id: string }).id;
      }),
    );
    assert.equal(new Set(answers).size, 1);
    await settled(answers[0], 'sent');
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(await count(to), 1);
    assert.equal(sink.to(to).length, 1);
  });

  it('a key older than 24 hours is swept and may be used again', async () => {
    const to = addr('expired');
    const key = `old-${randomUUID()}`;
    const first = await queue({ to, subject: 'Old', text: 'a' }, { 'idempotency-key': key });
    await app.runtime.db.query(
      `UPDATE idempotency_keys SET created_at = now() - interval '24 hours 1 minute' WHERE key = $1`,
      [key],
    );
    // Expired but not yet swept: taken over, with a different body even.
    const second = await queue({ to, subject: 'New', text: 'b' }, { 'idempotency-key': key });
    assert.notEqual(second, first);
    await app.runtime.db.query(
      `UPDATE idempotency_keys SET created_at = now() - interval '25 hours' WHERE key = $1`,
      [key],
    );
    assert.ok((await app.app.get(IdempotencySweeper).sweep()) >= 1);
    const rows = await app.runtime.db.query('SELECT 1 FROM idempotency_keys WHERE key = $1', [key]);
    assert.equal(rows.length, 0);
  });

  it('a bad Idempotency-Key header is a 400', async () => {
    const res = await post(
      { to: addr('badkey'), subject: 'x', text: 'y' },
      { 'idempotency-key': 'k'.repeat(256) },
    );
    const err = await expectError(res, 400, 'validation_failed');
    assert.ok(err.fields?.['Idempotency-Key']);
  });

  it('a suppressed address is not mailed: `suppressed`, with the attempt recorded', async () => {
    const to = addr('Suppressed');
    const auth = { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' };
    const added = await fetch(`${app.url}/emails/suppressions`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ address: to }),
    });
    assert.equal(added.status, 201);
    const entry = (await added.json()) as { address: string; reason: string; source: string };
    assert.deepEqual(
      { ...entry, createdAt: undefined },
      { address: to, reason: 'manual', source: 'api', createdAt: undefined },
    );

    // Another capitalisation of the same address is covered too.
    const id = await queue({ to: to.toLowerCase(), subject: 'Hi', text: 'no' });
    const done = await settled(id, 'suppressed');
    assert.equal(done.attempts.length, 1);
    assert.equal(done.attempts[0].outcome, 'suppressed');
    assert.match(done.attempts[0].error ?? '', /suppression list \(manual\)/);
    assert.equal(done.sentAt, undefined);
    assert.equal(sink.to(to.toLowerCase()).length, 0);

    const list = (await (await fetch(`${app.url}/emails/suppressions`, { headers: auth })).json()) as {
      suppressions: { address: string }[];
    };
    assert.ok(list.suppressions.some((s) => s.address === to));
    const del = () =>
      fetch(`${app.url}/emails/suppressions/${encodeURIComponent(to.toUpperCase())}`, {
        method: 'DELETE',
        headers: { authorization: auth.authorization },
      });
    assert.equal((await del()).status, 204);
    await expectError(await del(), 404, 'suppression_not_found');
    const later = await queue({ to, subject: 'Hi again', text: 'yes' });
    await settled(later, 'sent');
    assert.equal(sink.to(to).length, 1);
  });

  it('a poisoned subject, name or address cannot add a header: 400, nothing queued or sent', async () => {
    const to = addr('poison');
    const cases: [Record<string, unknown>, string][] = [
      [{ to, subject: 'a\r\nBcc: x@evil.test', text: 'x' }, 'subject'],
      [{ to: { address: to, name: 'a\r\nBcc: x@evil.test' }, subject: 's', text: 'x' }, 'to'],
      [{ to: `${to}\r\nBcc: x@evil.test`, subject: 's', text: 'x' }, 'to'],
      [{ to: `x@evil.test, ${to}`, subject: 's', text: 'x' }, 'to'],
      [
        {
          to,
          subject: 's',
          text: 'x',
          attachments: [{ filename: 'a\r\nBcc: x@evil.test', content: 'eA==', contentType: 'text/plain' }],
        },
        'attachments.0.filename',
      ],
      [
        {
          to,
          subject: 's',
          text: 'x',
          attachments: [
            { filename: 'a.txt', content: 'eA==', contentType: 'text/plain\r\nBcc: x@evil.test' },
          ],
        },
        'attachments.0.contentType',
      ],
    ];
    for (const [body, field] of cases) {
      const err = await expectError(await post(body), 400, 'validation_failed');
      assert.ok(
        Object.keys(err.fields ?? {}).some((f) => f.startsWith(field)),
        `${field} in ${JSON.stringify(err.fields)}`,
      );
    }
    assert.equal(await count(to), 0);
    assert.equal(
      sink.received.some((r) => r.rcptTo.includes('x@evil.test')),
      false,
    );
  });

  it('a display name with quotes and angle brackets is encoded, not parsed: no Bcc on the wire', async () => {
    const to = addr('quoted');
    const id = await queue({
      to: { address: to, name: 'Eve" <x@evil.test>, Bcc: x@evil.test' },
      subject: 'Bcc: x@evil.test',
      text: 'x',
    });
    await settled(id, 'sent');
    const [got] = sink.to(to);
    assert.deepEqual(got.rcptTo, [to]);
    assert.doesNotMatch(got.headers, /^bcc:/im);
    assert.doesNotMatch(got.headers, /^cc:/im);
    const mail = await simpleParser(got.raw);
    const recipients = [mail.to]
      .flat()
      .flatMap((a) => a?.value ?? [])
      .map((v) => v.address);
    assert.deepEqual(recipients, [to]);
  });

  it('attachment names and contents are checked', async () => {
    const to = addr('att');
    const bad = (a: Record<string, unknown>) =>
      post({
        to,
        subject: 's',
        text: 'x',
        attachments: [{ filename: 'a.txt', content: 'eA==', contentType: 'text/plain', ...a }],
      });
    for (const filename of ['../etc/passwd', 'dir\\file.txt', '..', ''])
      await expectError(await bad({ filename }), 400, 'validation_failed');
    await expectError(await bad({ content: 'not base64!' }), 400, 'validation_failed');
    await expectError(await bad({ contentType: 'pdf' }), 400, 'validation_failed');
    await expectError(await bad({ extra: 1 }), 400, 'validation_failed');
    assert.equal(await count(to), 0);
  });

  it('413, 415 and 400 in the contract shape', async () => {
    const to = addr('shapes');
    await expectError(
      await post({ to, subject: 's', text: 'x'.repeat(70 * 1024) }),
      413,
      'payload_too_large',
    );
    await expectError(
      await post({ to, subject: 's', text: 'x' }, { 'content-type': 'text/plain' }),
      415,
      'unsupported_media_type',
    );
    await expectError(
      await post('to=a%40b.test&subject=s&text=x', { 'content-type': 'application/x-www-form-urlencoded' }),
      415,
      'unsupported_media_type',
    );
    await expectError(await post('{"to":', {}), 400, 'malformed_json');
    const cases: [Record<string, unknown>, string][] = [
      [{ subject: 's', text: 'x' }, 'to'],
      [{ to: 'not-an-address', subject: 's', text: 'x' }, 'to'],
      [{ to, text: 'x' }, 'subject'],
      [{ to, subject: 's' }, 'text'],
      [{ to, subject: 's', text: 'x', template: 'signup-exists' }, 'subject'],
      [{ to, subject: 's', text: 'x', locale: 'ko' }, 'locale'],
      [{ to, subject: 's', text: 'x', bcc: 'x@evil.test' }, '_'],
    ];
    for (const [body, field] of cases) {
      const err = await expectError(await post(body), 400, 'validation_failed');
      assert.ok(err.fields?.[field], `${field} in ${JSON.stringify(err.fields)}`);
    }
    assert.equal(await count(to), 0);
  });

  it('GET /emails/:id of an unknown id is 404 email_not_found', async () => {
    await expectError(await view(randomUUID()), 404, 'email_not_found');
    await expectError(await view('not-a-uuid'), 404, 'email_not_found');
  });
});
