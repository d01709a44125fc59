import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '../support/app';
import { MailboxClient } from '../support/mailbox-client';
import { scrape, type Scrape } from '../support/prometheus';

const post = (url: string, body: unknown) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

/** Polls /metrics until `ready` holds (the worker records an attempt just after the mailbox has it). */
async function scrapeUntil(url: string, ready: (s: Scrape) => boolean, timeoutMs = 5000): Promise<Scrape> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const s = await scrape(url);
    if (ready(s) || Date.now() > deadline) return s;
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('GET /metrics', () => {
  let app: TestApp;
  let other: TestApp;
  before(async () => {
    app = await startTestApp({ RATE_LIMIT: 'off' });
    other = await startTestApp({ RATE_LIMIT: 'off' });
  });
  after(async () => {
    await app.destroy();
    await other.destroy();
  });

  it('counts a signup, its delivered mail, the verification and the requests, with real values', async () => {
    const before = await scrape(app.url);
    const email = 'metrics.person@example.com';
    assert.equal(
      (await post(`${app.url}/users`, { name: 'M', email, password: 'password-123' })).status,
      202,
    );
    const mail = await new MailboxClient(app.url).waitFor(email, { timeoutMs: 10_000 });
    assert.ok(mail, 'the verification mail arrived');
    const code = mail.codes.find((c) => /^\d{6}$/.test(c));
    assert.ok(code);
    const wrong = code === '000000' ? '111111' : '000000';
    assert.equal((await post(`${app.url}/users/email-verify`, { email, code: wrong })).status, 400);
    assert.equal((await post(`${app.url}/users/email-verify`, { email, code })).status, 201);
    assert.equal((await fetch(`${app.url}/users/42?x=1`)).status, 401);
    assert.equal((await fetch(`${app.url}/no/such/path/${Date.now()}`)).status, 404);

    const sent = { transport: 'mailbox', outcome: 'sent' };
    const now = await scrapeUntil(
      app.url,
      (s) =>
        s.value('mailgate_mail_deliveries_total', sent) >
        before.value('mailgate_mail_deliveries_total', sent),
    );
    const delta = (name: string, labels: Record<string, string> = {}) =>
      now.value(name, labels) - before.value(name, labels);

    assert.equal(delta('mailgate_signups_started_total'), 1);
    assert.equal(delta('mailgate_verifications_total', { method: 'code', outcome: 'verified' }), 1);
    assert.equal(delta('mailgate_verifications_total', { method: 'code', outcome: 'invalid_code' }), 1);
    assert.equal(delta('mailgate_mail_deliveries_total', sent), 1);
    assert.equal(delta('mailgate_mail_attempt_duration_seconds_count', sent), 1);
    const seconds = delta('mailgate_mail_attempt_duration_seconds_sum', sent);
    assert.ok(seconds > 0 && seconds < 10, `attempt took ${seconds} s`);

    const created = { method: 'POST', route: '/users', status: '202' };
    assert.equal(delta('mailgate_http_requests_total', created), 1);
    assert.equal(delta('mailgate_http_request_duration_seconds_count', created), 1);
    // argon2id hashing alone takes tens of milliseconds: the observed time is real, not zero.
    assert.ok(delta('mailgate_http_request_duration_seconds_sum', created) > 0.005);
    // Route patterns, not raw paths: ids and query strings never become label values.
    assert.equal(delta('mailgate_http_requests_total', { route: '/users/:id', status: '401' }), 1);
    assert.equal(delta('mailgate_http_requests_total', { route: 'unmatched', status: '404' }), 1);
    assert.doesNotMatch(now.text, /no\/such\/path|x=1/);

    for (const state of ['queued', 'sending', 'retrying'])
      assert.ok(now.has('mailgate_outbox_messages', { state }), `queue depth for ${state}`);
    assert.ok(now.value('process_cpu_seconds_total') > 0, 'default process metrics');
  });

  it('shows queued messages in the queue-depth gauge', async () => {
    // Rows written straight into the outbox, due in an hour: queued, and left alone by the worker.
    await app.runtime.db.query(
      `INSERT INTO messages (id, message_id, to_addr, subject, text_body, next_attempt_at)
       SELECT gen_random_uuid(), gen_random_uuid()::text || '@test', 'q@example.com', 's', 't', now() + interval '1 hour'
         FROM generate_series(1, 3)`,
    );
    const s = await scrapeUntil(
      app.url,
      (x) => x.value('mailgate_outbox_messages', { state: 'queued' }) >= 3,
      8000,
    );
    assert.equal(s.value('mailgate_outbox_messages', { state: 'queued' }), 3);
  });

  it('keeps one registry per app: another app in the same process counts only its own traffic', async () => {
    const before = await scrape(other.url);
    await fetch(`${app.url}/health`);
    const after = await scrape(other.url);
    const health = { method: 'GET', route: '/health' };
    assert.equal(
      after.value('mailgate_http_requests_total', health),
      before.value('mailgate_http_requests_total', health),
    );
    assert.equal(after.value('mailgate_signups_started_total'), 0);
  });
});
