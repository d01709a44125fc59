import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '../support/app';
import { MailboxClient } from '../support/mailbox-client';
import { message, sendRaw } from './smtp-helpers';

describe('dev mailbox: SMTP ingest and REST API', () => {
  let app: TestApp;
  let mailbox: MailboxClient;
  before(async () => {
    app = await startTestApp();
    mailbox = new MailboxClient(app.url);
  });
  after(async () => {
    await app.destroy();
  });

  it('stores a message byte for byte (non-ASCII subject included) and lists, parses and serves it', async () => {
    const raw = Buffer.from(
      [
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
      ].join('\r\n'),
      'utf8',
    );
    const response = await sendRaw(app, { from: 'sender@example.test', to: ['Alice@Example.test'] }, raw);
    assert.match(response, /^250 /);

    const [item] = await mailbox.list({ to: 'ALICE@example.test' });
    assert.ok(item, 'listed under the recipient, matched case-insensitively');
    assert.equal(item.subject, 'Привет, 확인 코드 ✓');
    assert.deepEqual(item.to, ['alice@example.test']);
    assert.match(item.from, /sender@example\.test/);
    assert.equal(item.size, raw.length);
    assert.equal(item.date, '2026-11-21T10:00:00.000Z');

    const res = await fetch(`${app.url}/mailbox/api/messages/${item.id}/raw`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^message\/rfc822/);
    assert.ok(Buffer.from(await res.arrayBuffer()).equals(raw), 'raw bytes are exactly what was sent');

    const full = await mailbox.get(item.id);
    assert.equal(full.subject, 'Привет, 확인 코드 ✓');
    assert.match(full.text, /Your code is 482913/);
    assert.match(full.html, /<b>482913<\/b>/);
    assert.deepEqual(full.codes, ['482913']);
    assert.deepEqual(full.links, [
      'https://app.example.test/verify?token=abc&x=1',
      'https://app.example.test/verify?token=abc',
    ]);
    assert.deepEqual(full.headers['subject'], ['Привет, 확인 코드 ✓']);
  });

  it('puts a message with several envelope recipients in each of their mailboxes', async () => {
    const to = ['one@multi.test', 'two@multi.test', 'hidden@multi.test'];
    await sendRaw(
      app,
      { from: 's@example.test', to },
      message('one@multi.test, two@multi.test', 'for three'),
    );
    for (const rcpt of to) {
      const list = await mailbox.list({ to: rcpt });
      assert.equal(list.length, 1, rcpt);
      assert.equal(list[0].subject, 'for three');
    }
    assert.equal((await mailbox.list({ to: 'nobody@multi.test' })).length, 0);
  });

  it('lists newest first, searches with q and honours limit', async () => {
    const to = 'search@example.test';
    await sendRaw(app, { from: 's@example.test', to: [to] }, message(to, 'first apple'));
    await sendRaw(
      app,
      { from: 's@example.test', to: [to] },
      message(to, 'second', 'the word banana is here'),
    );
    await sendRaw(app, { from: 's@example.test', to: [to] }, message(to, 'third apple'));
    assert.deepEqual(
      (await mailbox.list({ to })).map((m) => m.subject),
      ['third apple', 'second', 'first apple'],
    );
    assert.deepEqual(
      (await mailbox.list({ to, q: 'APPLE' })).map((m) => m.subject),
      ['third apple', 'first apple'],
    );
    assert.deepEqual(
      (await mailbox.list({ to, q: 'banana' })).map((m) => m.subject),
      ['second'],
    );
    assert.equal((await mailbox.list({ to, limit: 1 })).length, 1);
    const bad = await fetch(`${app.url}/mailbox/api/messages?limit=501`);
    assert.equal(bad.status, 400);
    assert.equal(((await bad.json()) as { code: string }).code, 'validation_failed');
  });

  it('/wait resolves when a message arrives after the wait started', async () => {
    const to = 'waiter@example.test';
    let settled = false;
    const waiting = mailbox.waitFor(to, { timeoutMs: 10_000 }).finally(() => (settled = true));
    // Let the request reach the server and subscribe before sending.
    await new Promise((r) => setTimeout(r, 150));
    assert.equal(settled, false, 'the wait is pending while the mailbox is empty');
    await sendRaw(app, { from: 's@example.test', to: [to] }, message(to, 'arrived later'));
    const got = await waiting;
    assert.ok(got);
    assert.equal(got.subject, 'arrived later');
    assert.deepEqual(got.to, [to]);
  });

  it('/wait returns an existing message at once, honours after, and answers 204 on timeout', async () => {
    const to = 'existing@example.test';
    await sendRaw(app, { from: 's@example.test', to: [to] }, message(to, 'older'));
    await sendRaw(app, { from: 's@example.test', to: [to] }, message(to, 'newer'));
    const first = await mailbox.waitFor(to, { timeoutMs: 5_000 });
    assert.equal(first?.subject, 'older', 'without after: the earliest existing message');
    const next = await mailbox.waitFor(to, { after: first.id, timeoutMs: 5_000 });
    assert.equal(next?.subject, 'newer');
    const res = await fetch(`${app.url}/mailbox/api/wait?to=${to}&after=${next.id}&timeout=200`);
    assert.equal(res.status, 204);
    assert.equal(await mailbox.waitFor('never@example.test', { timeoutMs: 50 }), null);
  });

  it('deletes one message, answers 404 message_not_found for unknown ids, and deletes all', async () => {
    const to = 'delete@example.test';
    await sendRaw(app, { from: 's@example.test', to: [to] }, message(to, 'doomed'));
    const [doomed] = await mailbox.list({ to });
    await mailbox.delete(doomed.id);
    assert.equal((await mailbox.list({ to })).length, 0);
    for (const path of [
      `/messages/${doomed.id}`,
      `/messages/${doomed.id}/raw`,
      '/messages/999999',
      '/messages/abc',
    ]) {
      const res = await fetch(`${app.url}/mailbox/api${path}`);
      assert.equal(res.status, 404, path);
      assert.equal(((await res.json()) as { code: string }).code, 'message_not_found', path);
    }
    const again = await fetch(`${app.url}/mailbox/api/messages/${doomed.id}`, { method: 'DELETE' });
    assert.equal(again.status, 404);

    await sendRaw(app, { from: 's@example.test', to: [to] }, message(to, 'also doomed'));
    assert.ok((await mailbox.list()).length > 0);
    await mailbox.clear();
    assert.deepEqual(await mailbox.list(), []);
  });

  it('serves a web inbox that escapes everything and sandboxes the HTML part', async () => {
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
    await sendRaw(app, { from: 'x@example.test', to: [to] }, raw);
    const [item] = await mailbox.list({ to });

    const page = await fetch(`${app.url}/mailbox?to=${encodeURIComponent(to)}&id=${item.id}`);
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-type') ?? '', /^text\/html/);
    assert.match(page.headers.get('content-security-policy') ?? '', /default-src 'none'/);
    const html = await page.text();
    assert.ok(!html.includes('<script>'), 'no unescaped script');
    assert.ok(!html.includes('<img src=x'), 'no unescaped subject');
    assert.match(html, /&lt;img src=x onerror=alert\(1\)&gt; hello/);
    assert.match(html, /<iframe sandbox [^>]*src="\/mailbox\/messages\/\d+\/html"/);
    assert.match(html, /https:\/\/example\.test\/go/);
    assert.match(html, new RegExp(`/mailbox/api/messages/${item.id}/raw`));

    const part = await fetch(`${app.url}/mailbox/messages/${item.id}/html`);
    assert.equal(part.status, 200);
    assert.match(part.headers.get('content-security-policy') ?? '', /^sandbox;/);
    assert.match(await part.text(), /alert\(2\)/);
  });
});
