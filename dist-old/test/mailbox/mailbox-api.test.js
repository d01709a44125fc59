"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
const strict_1 = __importDefault(require("node:assert/strict"));
const node_test_1 = require("node:test");
const app_1 = require("../support/app");
const mailbox_client_1 = require("../support/mailbox-client");
const smtp_helpers_1 = require("./smtp-helpers");
(0, node_test_1.describe)('dev mailbox: SMTP ingest and REST API', () => {
    let app;
    let mailbox;
    (0, node_test_1.before)(async () => {
        app = await (0, app_1.startTestApp)();
        mailbox = new mailbox_client_1.MailboxClient(app.url);
    });
    (0, node_test_1.after)(async () => {
        await app.destroy();
    });
    (0, node_test_1.it)('stores a message byte for byte (non-ASCII subject included) and lists, parses and serves it', async () => {
        const raw = Buffer.from([
            'From: "Ünïcode Sender" <sender@example.test>',
            'To: Alice <alice@example.test>',
            'Subject: Привет, 확인 코드 ✓',
            'Date: Sat, 21 Nov 2026 10:00:00 +0000',
            'MIME-Version: 1.0',
            'Content-Type: multipart/alternative; boundary="b1"',
            '',
            '--b1',
            'Content-Type: text/plain; charset=utf-8',
            'Content-Transfer-Encoding: 8bit',
            '',
            'Your code is 482913. Open https://app.example.test/verify?token=abc.',
            '--b1',
            'Content-Type: text/html; charset=utf-8',
            '',
            '<p>Code <b>482913</b> <a href="https://app.example.test/verify?token=abc&amp;x=1">verify</a></p>',
            '--b1--',
            '',
        ].join('\r\n'), 'utf8');
        const response = await (0, smtp_helpers_1.sendRaw)(app, { from: 'sender@example.test', to: ['Alice@Example.test'] }, raw);
        strict_1.default.match(response, /^250 /);
        const [item] = await mailbox.list({ to: 'ALICE@example.test' });
        strict_1.default.ok(item, 'listed under the recipient, matched case-insensitively');
        strict_1.default.equal(item.subject, 'Привет, 확인 코드 ✓');
        strict_1.default.deepEqual(item.to, ['alice@example.test']);
        strict_1.default.match(item.from, /sender@example\.test/);
        strict_1.default.equal(item.size, raw.length);
        strict_1.default.equal(item.date, '2026-11-21T10:00:00.000Z');
        const res = await fetch(`${app.url}/mailbox/api/messages/${item.id}/raw`);
        strict_1.default.equal(res.status, 200);
        strict_1.default.match(res.headers.get('content-type') ?? '', /^message\/rfc822/);
        strict_1.default.ok(Buffer.from(await res.arrayBuffer()).equals(raw), 'raw bytes are exactly what was sent');
        const full = await mailbox.get(item.id);
        strict_1.default.equal(full.subject, 'Привет, 확인 코드 ✓');
        strict_1.default.match(full.text, /Your code is 482913/);
        strict_1.default.match(full.html, /<b>482913<\/b>/);
        strict_1.default.deepEqual(full.codes, ['482913']);
        strict_1.default.deepEqual(full.links, [
            'https://app.example.test/verify?token=abc&x=1',
            'https://app.example.test/verify?token=abc',
        ]);
        strict_1.default.deepEqual(full.headers['subject'], ['Привет, 확인 코드 ✓']);
    });
    (0, node_test_1.it)('puts a message with several envelope recipients in each of their mailboxes', async () => {
        const to = ['one@multi.test', 'two@multi.test', 'hidden@multi.test'];
        await (0, smtp_helpers_1.sendRaw)(app, { from: 's@example.test', to }, (0, smtp_helpers_1.message)('one@multi.test, two@multi.test', 'for three'));
        for (const rcpt of to) {
            const list = await mailbox.list({ to: rcpt });
            strict_1.default.equal(list.length, 1, rcpt);
            strict_1.default.equal(list[0].subject, 'for three');
        }
        strict_1.default.equal((await mailbox.list({ to: 'nobody@multi.test' })).length, 0);
    });
    (0, node_test_1.it)('lists newest first, searches with q and honours limit', async () => {
        const to = 'search@example.test';
        await (0, smtp_helpers_1.sendRaw)(app, { from: 's@example.test', to: [to] }, (0, smtp_helpers_1.message)(to, 'first apple'));
        await (0, smtp_helpers_1.sendRaw)(app, { from: 's@example.test', to: [to] }, (0, smtp_helpers_1.message)(to, 'second', 'the word banana is here'));
        await (0, smtp_helpers_1.sendRaw)(app, { from: 's@example.test', to: [to] }, (0, smtp_helpers_1.message)(to, 'third apple'));
        strict_1.default.deepEqual((await mailbox.list({ to })).map((m) => m.subject), ['third apple', 'second', 'first apple']);
        strict_1.default.deepEqual((await mailbox.list({ to, q: 'APPLE' })).map((m) => m.subject), ['third apple', 'first apple']);
        strict_1.default.deepEqual((await mailbox.list({ to, q: 'banana' })).map((m) => m.subject), ['second']);
        strict_1.default.equal((await mailbox.list({ to, limit: 1 })).length, 1);
        const bad = await fetch(`${app.url}/mailbox/api/messages?limit=501`);
        strict_1.default.equal(bad.status, 400);
        strict_1.default.equal((await bad.json()).code, 'validation_failed');
    });
    (0, node_test_1.it)('/wait resolves when a message arrives after the wait started', async () => {
        const to = 'waiter@example.test';
        let settled = false;
        const waiting = mailbox.waitFor(to, { timeoutMs: 10_000 }).finally(() => (settled = true));
        // Let the request reach the server and subscribe before sending.
        await new Promise((r) => setTimeout(r, 150));
        strict_1.default.equal(settled, false, 'the wait is pending while the mailbox is empty');
        await (0, smtp_helpers_1.sendRaw)(app, { from: 's@example.test', to: [to] }, (0, smtp_helpers_1.message)(to, 'arrived later'));
        const got = await waiting;
        strict_1.default.ok(got);
        strict_1.default.equal(got.subject, 'arrived later');
        strict_1.default.deepEqual(got.to, [to]);
    });
    (0, node_test_1.it)('/wait returns an existing message at once, honours after, and answers 204 on timeout', async () => {
        const to = 'existing@example.test';
        await (0, smtp_helpers_1.sendRaw)(app, { from: 's@example.test', to: [to] }, (0, smtp_helpers_1.message)(to, 'older'));
        await (0, smtp_helpers_1.sendRaw)(app, { from: 's@example.test', to: [to] }, (0, smtp_helpers_1.message)(to, 'newer'));
        const first = await mailbox.waitFor(to, { timeoutMs: 5_000 });
        strict_1.default.equal(first?.subject, 'older', 'without after: the earliest existing message');
        const next = await mailbox.waitFor(to, { after: first.id, timeoutMs: 5_000 });
        strict_1.default.equal(next?.subject, 'newer');
        const res = await fetch(`${app.url}/mailbox/api/wait?to=${to}&after=${next.id}&timeout=200`);
        strict_1.default.equal(res.status, 204);
        strict_1.default.equal(await mailbox.waitFor('never@example.test', { timeoutMs: 50 }), null);
    });
    (0, node_test_1.it)('deletes one message, answers 404 message_not_found for unknown ids, and deletes all', async () => {
        const to = 'delete@example.test';
        await (0, smtp_helpers_1.sendRaw)(app, { from: 's@example.test', to: [to] }, (0, smtp_helpers_1.message)(to, 'doomed'));
        const [doomed] = await mailbox.list({ to });
        await mailbox.delete(doomed.id);
        strict_1.default.equal((await mailbox.list({ to })).length, 0);
        for (const path of [
            `/messages/${doomed.id}`,
            `/messages/${doomed.id}/raw`,
            '/messages/999999',
            '/messages/abc',
        ]) {
            const res = await fetch(`${app.url}/mailbox/api${path}`);
            strict_1.default.equal(res.status, 404, path);
            strict_1.default.equal((await res.json()).code, 'message_not_found', path);
        }
        const again = await fetch(`${app.url}/mailbox/api/messages/${doomed.id}`, { method: 'DELETE' });
        strict_1.default.equal(again.status, 404);
        await (0, smtp_helpers_1.sendRaw)(app, { from: 's@example.test', to: [to] }, (0, smtp_helpers_1.message)(to, 'also doomed'));
        strict_1.default.ok((await mailbox.list()).length > 0);
        await mailbox.clear();
        strict_1.default.deepEqual(await mailbox.list(), []);
    });
    (0, node_test_1.it)('serves a web inbox that escapes everything and sandboxes the HTML part', async () => {
        const to = 'web@example.test';
        const raw = [
            'From: <script>alert(1)</script> <x@example.test>',
            `To: ${to}`,
            'Subject: <img src=x onerror=alert(1)> hello',
            'MIME-Version: 1.0',
            'Content-Type: text/html; charset=utf-8',
            '',
            '<p>Hi <script>alert(2)</script><a href="https://example.test/go">go</a></p>',
            '',
        ].join('\r\n');
        await (0, smtp_helpers_1.sendRaw)(app, { from: 'x@example.test', to: [to] }, raw);
        const [item] = await mailbox.list({ to });
        const page = await fetch(`${app.url}/mailbox?to=${encodeURIComponent(to)}&id=${item.id}`);
        strict_1.default.equal(page.status, 200);
        strict_1.default.match(page.headers.get('content-type') ?? '', /^text\/html/);
        strict_1.default.match(page.headers.get('content-security-policy') ?? '', /default-src 'none'/);
        const html = await page.text();
        strict_1.default.ok(!html.includes('<script>'), 'no unescaped script');
        strict_1.default.ok(!html.includes('<img src=x'), 'no unescaped subject');
        strict_1.default.match(html, /&lt;img src=x onerror=alert\(1\)&gt; hello/);
        strict_1.default.match(html, /<iframe sandbox [^>]*src="\/mailbox\/messages\/\d+\/html"/);
        strict_1.default.match(html, /https:\/\/example\.test\/go/);
        strict_1.default.match(html, new RegExp(`/mailbox/api/messages/${item.id}/raw`));
        const part = await fetch(`${app.url}/mailbox/messages/${item.id}/html`);
        strict_1.default.equal(part.status, 200);
        strict_1.default.match(part.headers.get('content-security-policy') ?? '', /^sandbox;/);
        strict_1.default.match(await part.text(), /alert\(2\)/);
    });
});
//# sourceMappingURL=mailbox-api.test.js.map