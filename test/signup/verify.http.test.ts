import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '../support/app';
import { json, seedPending } from './seed';

describe('email verification over HTTP', () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp({ RATE_LIMIT: 'off' });
  });
  after(async () => {
    await app.destroy();
  });

  const verifyUrl = (token: string) =>
    `${app.url}/users/email-verify?signupVerifyToken=${encodeURIComponent(token)}`;

  it('GET and HEAD show a confirm page and consume nothing; the POST then creates the user once', async () => {
    const { token } = await seedPending(app, 'Link.User@Example.com', 'password-123', 'Link');
    for (const method of ['GET', 'GET', 'HEAD']) {
      const res = await fetch(verifyUrl(token), { method, headers: { 'accept-language': 'ko-KR,ko;q=0.9' } });
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type') ?? '', /^text\/html/);
      assert.equal(res.headers.get('cache-control'), 'no-store');
      assert.equal(res.headers.get('referrer-policy'), 'no-referrer');
      assert.match(res.headers.get('x-robots-tag') ?? '', /noindex/);
      assert.match(res.headers.get('content-security-policy') ?? '', /default-src 'none'/);
      const html = await res.text();
      if (method === 'GET') {
        assert.match(html, /<form method="post"/);
        assert.match(html, /lang="ko"/);
      }
    }
    const res = await fetch(verifyUrl(token), { method: 'POST' });
    assert.equal(res.status, 201);
    const body = (await res.json()) as { user: Record<string, string> };
    assert.deepEqual(Object.keys(body.user).sort(), ['createdAt', 'email', 'id', 'name']);
    assert.equal(body.user.email, 'Link.User@example.com');
    assert.equal(body.user.name, 'Link');

    const replay = await fetch(verifyUrl(token), { method: 'POST' });
    assert.equal(replay.status, 409);
    assert.deepEqual(await replay.json(), {
      statusCode: 409,
      code: 'already_verified',
      message: 'This signup has already been completed.',
    });
  });

  it('accepts JSON {signupVerifyToken} and JSON {email, code}; a code replay is 409', async () => {
    const a = await seedPending(app, 'json-token@example.com');
    const r1 = await fetch(`${app.url}/users/email-verify`, json({ signupVerifyToken: a.token }));
    assert.equal(r1.status, 201);
    const b = await seedPending(app, 'json-code@example.com');
    const r2 = await fetch(
      `${app.url}/users/email-verify`,
      json({ email: 'JSON-code@example.com', code: b.code }),
    );
    assert.equal(r2.status, 201);
    const r3 = await fetch(
      `${app.url}/users/email-verify`,
      json({ email: 'json-code@example.com', code: b.code }),
    );
    assert.equal(r3.status, 409);
    const r4 = await fetch(
      `${app.url}/users/email-verify`,
      json({ email: 'nobody@example.com', code: '123456' }),
    );
    assert.equal(r4.status, 400);
    assert.equal(((await r4.json()) as { code: string }).code, 'invalid_code');
    const r5 = await fetch(`${app.url}/users/email-verify`, json({}));
    assert.equal(r5.status, 400);
    assert.equal(((await r5.json()) as { code: string }).code, 'validation_failed');
  });

  it('the confirm form posts urlencoded and gets an HTML page, names escaped', async () => {
    const { token } = await seedPending(
      app,
      'form@example.com',
      'password-123',
      '<script>alert(1)</script> "Bob"',
    );
    const form = {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `signupVerifyToken=${encodeURIComponent(token)}`,
    };
    const res = await fetch(`${app.url}/users/email-verify`, form);
    assert.equal(res.status, 201);
    assert.match(res.headers.get('content-type') ?? '', /^text\/html/);
    const html = await res.text();
    assert.doesNotMatch(html, /<script>/);
    assert.match(html, /&#60;script&#62;alert\(1\)&#60;\/script&#62; &#34;Bob&#34;/);
    const again = await fetch(`${app.url}/users/email-verify`, form);
    assert.equal(again.status, 409);
    assert.match(await again.text(), /already been used/);
  });

  it('submitting the confirm page form, as a browser would, completes the signup', async () => {
    const { token } = await seedPending(app, 'browser@example.com', 'password-123', 'Browser');
    const pageUrl = verifyUrl(token);
    const html = await (await fetch(pageUrl)).text();
    const action = /<form method="post" action="([^"]+)">/.exec(html)?.[1];
    const field = /<input type="hidden" name="signupVerifyToken" value="([^"]+)">/.exec(html)?.[1];
    assert.ok(action && field);
    const target = new URL(action.replace(/&amp;/g, '&'), pageUrl);
    assert.equal(target.pathname, '/users/email-verify');
    const res = await fetch(target, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'accept-language': 'ko' },
      body: new URLSearchParams({ signupVerifyToken: field }).toString(),
    });
    assert.equal(res.status, 201);
    assert.equal(res.headers.get('cache-control'), 'no-store');
    assert.match(await res.text(), /회원가입이 완료되었습니다/);
  });

  it('30 concurrent POSTs of one token: exactly one 201, the rest 409', async () => {
    const { token } = await seedPending(app, 'race@example.com');
    const statuses = await Promise.all(
      Array.from({ length: 30 }, async () => (await fetch(verifyUrl(token), { method: 'POST' })).status),
    );
    assert.equal(statuses.filter((s) => s === 201).length, 1);
    assert.equal(statuses.filter((s) => s === 409).length, 29);
  });

  it('an expired or unknown link is 400 invalid_token', async () => {
    const { token } = await seedPending(app, 'expired@example.com');
    await app.runtime.db.query(
      "UPDATE pending_signups SET expires_at = now() - interval '1 second' WHERE email_key = 'expired@example.com'",
    );
    for (const t of [token, 'x'.repeat(47), 'x'.repeat(43), 'not-a-token']) {
      const res = await fetch(verifyUrl(t), { method: 'POST' });
      assert.equal(res.status, 400);
      assert.equal(((await res.json()) as { code: string }).code, 'invalid_token');
    }
  });
});
