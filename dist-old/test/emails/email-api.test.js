"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
const strict_1 = __importDefault(require("node:assert/strict"));
const node_crypto_1 = require("node:crypto");
const node_test_1 = require("node:test");
const mailparser_1 = require("mailparser");
const idempotency_sweeper_1 = require("../../src/modules/emails/idempotency/idempotency.sweeper");
const app_1 = require("../support/app");
const smtp_sink_1 = require("../mail/smtp-sink");
const KEY = 'mg_test_key_0123456789abcdef';
const OTHER_KEY = 'mg_test_other_key_0123456789';
const addr = (label) => `${label}-${(0, node_crypto_1.randomUUID)().slice(0, 8)}@example.test`;
(0, node_test_1.describe)('Email API over HTTP, delivered over SMTP', () => {
    let sink;
    let app;
    (0, node_test_1.before)(async () => {
        sink = await smtp_sink_1.SmtpSink.start();
        app = await (0, app_1.startTestApp)({
            MAIL_TRANSPORT: 'smtp',
            SMTP_URL: sink.url,
            MAILBOX: 'off',
            MAIL_FROM: 'mailgate <no-reply@mailgate.test>',
            API_KEYS: `${KEY}, ${OTHER_KEY}`,
        });
    });
    (0, node_test_1.after)(async () => {
        await app.destroy();
        await sink.close();
    });
    function post(body, headers = {}, key = KEY) {
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
    async function queue(body, headers = {}) {
        const res = await post(body, headers);
        const got = (await res.json());
        strict_1.default.equal(res.status, 202, JSON.stringify(got));
        strict_1.default.equal(got.status, 'queued');
        return got.id;
    }
    async function view(id, key = KEY) {
        return fetch(`${app.url}/emails/${id}`, { headers: { authorization: `Bearer ${key}` } });
    }
    function settled(id, status) {
        return (0, smtp_sink_1.waitFor)(`email ${id} to be ${status}`, async () => {
            const v = (await (await view(id)).json());
            if (v.status === 'failed' && status !== 'failed')
                throw new Error(`failed: ${JSON.stringify(v)}`);
            return v.status === status ? v : undefined;
        });
    }
    async function expectError(res, status, code) {
        const body = (await res.json());
        strict_1.default.equal(res.status, status, JSON.stringify(body));
        strict_1.default.equal(body.code, code);
        strict_1.default.equal(body.statusCode, status);
        strict_1.default.equal(typeof body.message, 'string');
        strict_1.default.ok(res.headers.get('x-request-id'));
        return body;
    }
    async function count(to) {
        const [{ n }] = await app.runtime.db.query('SELECT count(*)::int AS n FROM messages WHERE to_addr = $1', [to]);
        return n;
    }
    (0, node_test_1.it)('401 invalid_api_key without a key, with a wrong one, or with another scheme', async () => {
        const body = { to: addr('nokey'), subject: 'Hi', text: 'Hello' };
        await expectError(await post(body, {}, null), 401, 'invalid_api_key');
        await expectError(await post(body, {}, `${KEY}x`), 401, 'invalid_api_key');
        await expectError(await post(body, {}, KEY.slice(0, -1)), 401, 'invalid_api_key');
        await expectError(await post(body, { authorization: `Basic ${KEY}` }, null), 401, 'invalid_api_key');
        await expectError(await fetch(`${app.url}/emails/${(0, node_crypto_1.randomUUID)()}`), 401, 'invalid_api_key');
        await expectError(await view((0, node_crypto_1.randomUUID)(), 'not-a-key-at-all-xx'), 401, 'invalid_api_key');
        await expectError(await fetch(`${app.url}/emails/suppressions`), 401, 'invalid_api_key');
        strict_1.default.equal(await count(body.to), 0);
    });
    (0, node_test_1.it)('202, then the mail arrives with the stored Message-ID; GET shows the attempt and `sent`', async () => {
        const to = addr('ada');
        const id = await queue({
            to: { address: to, name: 'Ada Lovelace' },
            subject: 'Your report',
            text: 'Hello',
        });
        const queued = (await (await view(id)).json());
        strict_1.default.equal(queued.to, to);
        strict_1.default.equal(queued.subject, 'Your report');
        strict_1.default.equal(queued.transport, 'smtp');
        strict_1.default.match(queued.messageId, /^<[0-9a-f-]{36}@mailgate\.test>$/);
        const sent = await settled(id, 'sent');
        strict_1.default.equal(sent.attempts.length, 1);
        strict_1.default.equal(sent.attempts[0].outcome, 'sent');
        strict_1.default.equal(sent.attempts[0].error, undefined);
        strict_1.default.ok(sent.sentAt && Date.parse(sent.sentAt) >= Date.parse(sent.createdAt));
        const got = sink.to(to);
        strict_1.default.equal(got.length, 1);
        strict_1.default.deepEqual(got[0].rcptTo, [to]);
        strict_1.default.equal(got[0].messageId, sent.messageId);
        strict_1.default.match(got[0].headers, /^To: Ada Lovelace <ada-[0-9a-f]{8}@example\.test>$/im);
    });
    (0, node_test_1.it)('raw text, html and attachments arrive intact', async () => {
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
        const mail = await (0, mailparser_1.simpleParser)(got.raw);
        strict_1.default.equal(mail.subject, 'Invoice 42 — 청구서');
        strict_1.default.equal(mail.text?.trim(), text);
        strict_1.default.equal(mail.html && mail.html.trim(), html);
        strict_1.default.equal(mail.messageId, got.messageId);
        strict_1.default.equal(mail.attachments.length, 2);
        strict_1.default.equal(mail.attachments[0].filename, 'invoice 42.pdf');
        strict_1.default.equal(mail.attachments[0].contentType, 'application/pdf');
        strict_1.default.deepEqual(mail.attachments[0].content, pdf);
        strict_1.default.equal(mail.attachments[1].filename, '메모.txt');
        strict_1.default.equal(mail.attachments[1].content.toString(), 'note');
    });
    (0, node_test_1.it)('text only: no HTML part is made up', async () => {
        const to = addr('textonly');
        await settled(await queue({ to, subject: 'Plain', text: 'Just text' }), 'sent');
        const mail = await (0, mailparser_1.simpleParser)(sink.to(to)[0].raw);
        strict_1.default.equal(mail.text?.trim(), 'Just text');
        strict_1.default.equal(mail.html, false);
    });
    (0, node_test_1.it)('a template by name with a locale: the rendered subject is stored and sent', async () => {
        const to = addr('ko');
        const id = await queue({
            to: { address: to, name: '김민지' },
            template: 'signup-exists',
            locale: 'ko',
            data: { name: '<b>김민지</b>' },
        });
        const sent = await settled(id, 'sent');
        const mail = await (0, mailparser_1.simpleParser)(sink.to(to)[0].raw);
        strict_1.default.equal(mail.subject, sent.subject);
        strict_1.default.match(sent.subject, /[가-힣]/);
        strict_1.default.ok(mail.text?.includes('<b>김민지</b>님'), mail.text);
        // Values are escaped in the HTML part.
        strict_1.default.ok(mail.html && mail.html.includes('&lt;b&gt;김민지&lt;/b&gt;님'), String(mail.html));
    });
    (0, node_test_1.it)('an unknown template, missing values or a bad locale is a 400 naming the field', async () => {
        const to = addr('tpl');
        const unknown = await expectError(await post({ to, template: 'no-such-template', data: {} }), 400, 'validation_failed');
        strict_1.default.match(unknown.fields?.template ?? '', /unknown/);
        const missing = await expectError(await post({ to, template: 'signup-verify', data: { name: 'x' } }), 400, 'validation_failed');
        strict_1.default.match(missing.fields?.data ?? '', /needs values for: .*link/);
        const notATime = await expectError(await post({
            to,
            template: 'signup-verify',
            data: { name: 'x', link: 'https://a.test', code: '1', linkExpiresAt: 'soon', codeExpiresAt: 'soon' },
        }), 400, 'validation_failed');
        strict_1.default.match(notATime.fields?.data ?? '', /ISO time/);
        const locale = await expectError(await post({ to, template: 'signup-exists', locale: 'xx', data: {} }), 400, 'validation_failed');
        strict_1.default.ok(locale.fields?.locale);
        strict_1.default.equal(await count(to), 0);
    });
    (0, node_test_1.it)('the same Idempotency-Key and body: the same id, current status, one delivery', async () => {
        const to = addr('idem');
        const key = `order-${(0, node_crypto_1.randomUUID)()}`;
        const body = { to, subject: 'Receipt', text: 'Thanks' };
        const id = await queue(body, { 'idempotency-key': key });
        await settled(id, 'sent');
        // Same body, other key order and the object form of `to`: the same request.
        const again = await post({ text: 'Thanks', subject: 'Receipt', to: { address: to } }, { 'idempotency-key': key });
        strict_1.default.equal(again.status, 202);
        strict_1.default.equal(again.headers.get('idempotent-replayed'), 'true');
        strict_1.default.deepEqual(await again.json(), { id, status: 'sent' });
        await new Promise((resolve) => setTimeout(resolve, 300));
        strict_1.default.equal(sink.to(to).length, 1);
        strict_1.default.equal(await count(to), 1);
    });
    (0, node_test_1.it)('the same Idempotency-Key with another body is 422; another API key has its own keys', async () => {
        const to = addr('reuse');
        const key = `k-${(0, node_crypto_1.randomUUID)()}`;
        const id = await queue({ to, subject: 'One', text: 'a' }, { 'idempotency-key': key });
        await expectError(await post({ to, subject: 'Two', text: 'a' }, { 'idempotency-key': key }), 422, 'idempotency_key_reused');
        const other = await post({ to, subject: 'One', text: 'a' }, { 'idempotency-key': key }, OTHER_KEY);
        strict_1.default.equal(other.status, 202);
        strict_1.default.notEqual((await other.json()).id, id);
        strict_1.default.equal(await count(to), 2);
    });
    (0, node_test_1.it)('20 concurrent requests with one key: one id, one message, one delivery', async () => {
        const to = addr('race');
        const key = `race-${(0, node_crypto_1.randomUUID)()}`;
        const body = { to, subject: 'Once', text: 'only once' };
        const answers = await Promise.all(Array.from({ length: 20 }, async () => {
            const res = await post(body, { 'idempotency-key': key });
            strict_1.default.equal(res.status, 202);
            return (await res.json()).id;
        }));
        strict_1.default.equal(new Set(answers).size, 1);
        await settled(answers[0], 'sent');
        await new Promise((resolve) => setTimeout(resolve, 300));
        strict_1.default.equal(await count(to), 1);
        strict_1.default.equal(sink.to(to).length, 1);
    });
    (0, node_test_1.it)('a key older than 24 hours is swept and may be used again', async () => {
        const to = addr('expired');
        const key = `old-${(0, node_crypto_1.randomUUID)()}`;
        const first = await queue({ to, subject: 'Old', text: 'a' }, { 'idempotency-key': key });
        await app.runtime.db.query(`UPDATE idempotency_keys SET created_at = now() - interval '24 hours 1 minute' WHERE key = $1`, [key]);
        // Expired but not yet swept: taken over, with a different body even.
        const second = await queue({ to, subject: 'New', text: 'b' }, { 'idempotency-key': key });
        strict_1.default.notEqual(second, first);
        await app.runtime.db.query(`UPDATE idempotency_keys SET created_at = now() - interval '25 hours' WHERE key = $1`, [key]);
        strict_1.default.ok((await app.app.get(idempotency_sweeper_1.IdempotencySweeper).sweep()) >= 1);
        const rows = await app.runtime.db.query('SELECT 1 FROM idempotency_keys WHERE key = $1', [key]);
        strict_1.default.equal(rows.length, 0);
    });
    (0, node_test_1.it)('a bad Idempotency-Key header is a 400', async () => {
        const res = await post({ to: addr('badkey'), subject: 'x', text: 'y' }, { 'idempotency-key': 'k'.repeat(256) });
        const err = await expectError(res, 400, 'validation_failed');
        strict_1.default.ok(err.fields?.['Idempotency-Key']);
    });
    (0, node_test_1.it)('a suppressed address is not mailed: `suppressed`, with the attempt recorded', async () => {
        const to = addr('Suppressed');
        const auth = { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' };
        const added = await fetch(`${app.url}/emails/suppressions`, {
            method: 'POST',
            headers: auth,
            body: JSON.stringify({ address: to }),
        });
        strict_1.default.equal(added.status, 201);
        const entry = (await added.json());
        strict_1.default.deepEqual({ ...entry, createdAt: undefined }, { address: to, reason: 'manual', source: 'api', createdAt: undefined });
        // Another capitalisation of the same address is covered too.
        const id = await queue({ to: to.toLowerCase(), subject: 'Hi', text: 'no' });
        const done = await settled(id, 'suppressed');
        strict_1.default.equal(done.attempts.length, 1);
        strict_1.default.equal(done.attempts[0].outcome, 'suppressed');
        strict_1.default.match(done.attempts[0].error ?? '', /suppression list \(manual\)/);
        strict_1.default.equal(done.sentAt, undefined);
        strict_1.default.equal(sink.to(to.toLowerCase()).length, 0);
        const list = (await (await fetch(`${app.url}/emails/suppressions`, { headers: auth })).json());
        strict_1.default.ok(list.suppressions.some((s) => s.address === to));
        const del = () => fetch(`${app.url}/emails/suppressions/${encodeURIComponent(to.toUpperCase())}`, {
            method: 'DELETE',
            headers: { authorization: auth.authorization },
        });
        strict_1.default.equal((await del()).status, 204);
        await expectError(await del(), 404, 'suppression_not_found');
        const later = await queue({ to, subject: 'Hi again', text: 'yes' });
        await settled(later, 'sent');
        strict_1.default.equal(sink.to(to).length, 1);
    });
    (0, node_test_1.it)('a poisoned subject, name or address cannot add a header: 400, nothing queued or sent', async () => {
        const to = addr('poison');
        const cases = [
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
            strict_1.default.ok(Object.keys(err.fields ?? {}).some((f) => f.startsWith(field)), `${field} in ${JSON.stringify(err.fields)}`);
        }
        strict_1.default.equal(await count(to), 0);
        strict_1.default.equal(sink.received.some((r) => r.rcptTo.includes('x@evil.test')), false);
    });
    (0, node_test_1.it)('a display name with quotes and angle brackets is encoded, not parsed: no Bcc on the wire', async () => {
        const to = addr('quoted');
        const id = await queue({
            to: { address: to, name: 'Eve" <x@evil.test>, Bcc: x@evil.test' },
            subject: 'Bcc: x@evil.test',
            text: 'x',
        });
        await settled(id, 'sent');
        const [got] = sink.to(to);
        strict_1.default.deepEqual(got.rcptTo, [to]);
        strict_1.default.doesNotMatch(got.headers, /^bcc:/im);
        strict_1.default.doesNotMatch(got.headers, /^cc:/im);
        const mail = await (0, mailparser_1.simpleParser)(got.raw);
        const recipients = [mail.to]
            .flat()
            .flatMap((a) => a?.value ?? [])
            .map((v) => v.address);
        strict_1.default.deepEqual(recipients, [to]);
    });
    (0, node_test_1.it)('attachment names and contents are checked', async () => {
        const to = addr('att');
        const bad = (a) => post({
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
        strict_1.default.equal(await count(to), 0);
    });
    (0, node_test_1.it)('413, 415 and 400 in the contract shape', async () => {
        const to = addr('shapes');
        await expectError(await post({ to, subject: 's', text: 'x'.repeat(70 * 1024) }), 413, 'payload_too_large');
        await expectError(await post({ to, subject: 's', text: 'x' }, { 'content-type': 'text/plain' }), 415, 'unsupported_media_type');
        await expectError(await post('to=a%40b.test&subject=s&text=x', { 'content-type': 'application/x-www-form-urlencoded' }), 415, 'unsupported_media_type');
        await expectError(await post('{"to":', {}), 400, 'malformed_json');
        const cases = [
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
            strict_1.default.ok(err.fields?.[field], `${field} in ${JSON.stringify(err.fields)}`);
        }
        strict_1.default.equal(await count(to), 0);
    });
    (0, node_test_1.it)('GET /emails/:id of an unknown id is 404 email_not_found', async () => {
        await expectError(await view((0, node_crypto_1.randomUUID)()), 404, 'email_not_found');
        await expectError(await view('not-a-uuid'), 404, 'email_not_found');
    });
});
//# sourceMappingURL=email-api.test.js.map