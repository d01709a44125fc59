import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '../support/app';
import { MailboxClient, type MailboxMessage } from '../support/mailbox-client';
import { json, seedPending } from '../signup/seed';

/**
 * Password reset and email change as a user meets them: HTTP in, mail read from the dev mailbox's
 * REST API (the real outbox, worker, templates and SMTP transport in between), HTTP out.
 */
const PUBLIC_URL = 'https://accounts.example.test';

/** An account made the way POST /users + the mailed link would make it. */
async function account(
  app: TestApp,
  email: string,
  password = 'password-123',
  name = 'Ada',
): Promise<string> {
  const { token } = await seedPending(app, email, password, name);
  const res = await fetch(`${app.url}/users/email-verify`, json({ signupVerifyToken: token }));
  assert.equal(res.status, 201);
  return ((await res.json()) as { user: { id: string } }).user.id;
}

async function login(app: TestApp, email: string, password: string): Promise<Response> {
  return fetch(`${app.url}/users/login`, json({ email, password }));
}

async function accessToken(app: TestApp, email: string, password: string): Promise<string> {
  const res = await login(app, email, password);
  assert.equal(res.status, 200);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

/** A link of the message whose path starts with `path`, rebased on the test server, with its token. */
function linkOf(app: TestApp, message: MailboxMessage, path: string): { url: string; token: string } {
  const link = message.links.find((l) => l.startsWith(`${PUBLIC_URL}${path}?token=`));
  assert.ok(link, `a ${path} link built from PUBLIC_URL in ${JSON.stringify(message.links)}`);
  const token = new URL(link).searchParams.get('token') ?? '';
  return { url: `${app.url}${path}?token=${token}`, token };
}

describe('account routes end to end, reading the mail', () => {
  // One app for both flows: starting one costs seconds on a busy machine.
  let app: TestApp;
  let mailbox: MailboxClient;
  before(async () => {
    app = await startTestApp({ RATE_LIMIT: 'off', PUBLIC_URL });
    mailbox = new MailboxClient(app.url);
  });
  after(async () => {
    await app.destroy();
  });

  async function mailTo(address: string, after?: number): Promise<MailboxMessage> {
    const message = await mailbox.waitFor(address, { after, timeoutMs: 10_000 });
    assert.ok(message, `a message to ${address}`);
    return message;
  }

  describe('password reset', () => {
    const requestReset = (email: string) => fetch(`${app.url}/users/password-reset`, json({ email }));

    it('mail, a page that changes nothing, a new password, old tokens refused, a notice, no sign-in', async () => {
      await account(app, 'reset.me@example.com', 'old-password-1', 'Reset Me');
      const oldToken = await accessToken(app, 'reset.me@example.com', 'old-password-1');
      const res = await requestReset('Reset.Me@Example.com');
      assert.equal(res.status, 202);
      const mail = await mailTo('reset.me@example.com');
      assert.match(mail.text, /30 minutes/);
      const { url, token } = linkOf(app, mail, '/users/password-reset');
      assert.equal(Buffer.from(token, 'base64url').length, 32, '256-bit token');

      for (const method of ['GET', 'HEAD', 'GET']) {
        const page = await fetch(url, { method });
        assert.equal(page.status, 200);
        assert.match(page.headers.get('content-type') ?? '', /text\/html/);
        assert.equal(page.headers.get('cache-control'), 'no-store');
        if (method === 'GET') {
          const html = await page.text();
          assert.match(html, /<form method="post" action="password-reset\/confirm">/);
          assert.match(html, /type="password" name="password"/);
        }
      }
      // The page's GETs consumed nothing: the old password still works, and so does the token below.
      assert.equal((await login(app, 'reset.me@example.com', 'old-password-1')).status, 200);

      const done = await fetch(
        `${app.url}/users/password-reset/confirm`,
        json({ token, password: 'new-password-2' }),
      );
      assert.equal(done.status, 200);
      const body = (await done.json()) as Record<string, unknown>;
      assert.deepEqual(Object.keys(body), ['message'], 'no access token in the answer');

      const me = await fetch(`${app.url}/users/me`, { headers: { authorization: `Bearer ${oldToken}` } });
      assert.equal(me.status, 401, 'an access token from before the reset is refused');
      assert.equal((await login(app, 'reset.me@example.com', 'old-password-1')).status, 401);
      const fresh = await accessToken(app, 'reset.me@example.com', 'new-password-2');
      assert.equal(
        (await fetch(`${app.url}/users/me`, { headers: { authorization: `Bearer ${fresh}` } })).status,
        200,
      );

      const notice = await mailTo('reset.me@example.com', mail.id);
      assert.equal(notice.subject, 'Your password was changed');
      assert.equal(notice.links.filter((l) => l.includes('token=')).length, 0, 'no secret in the notice');

      const again = await fetch(
        `${app.url}/users/password-reset/confirm`,
        json({ token, password: 'third-password-3' }),
      );
      assert.equal(again.status, 409);
      assert.equal(((await again.json()) as { code: string }).code, 'already_used');
      assert.equal((await login(app, 'reset.me@example.com', 'new-password-2')).status, 200);
    });

    it('the form on the page works without script, and answers with pages', async () => {
      await account(app, 'form.reset@example.com', 'old-password-1');
      await requestReset('form.reset@example.com');
      const { token } = linkOf(app, await mailTo('form.reset@example.com'), '/users/password-reset');
      const post = (password: string) =>
        fetch(`${app.url}/users/password-reset/confirm`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', 'accept-language': 'ko' },
          body: new URLSearchParams({ token, password }).toString(),
        });
      const short = await post('short');
      assert.equal(short.status, 400);
      assert.match(await short.text(), /8자 이상/, 'the form again, with the rule, in Korean');
      const ok = await post('form-password-9');
      assert.equal(ok.status, 200);
      assert.match(await ok.text(), /비밀번호가 변경되었습니다/);
      assert.equal((await post('form-password-10')).status, 409);
      assert.equal((await login(app, 'form.reset@example.com', 'form-password-9')).status, 200);
    });

    it('an unknown address gets the same 202 and body; its mail is enqueued but never sent', async () => {
      await account(app, 'known@example.com');
      const unknown = await requestReset('nobody-here@example.com');
      const known = await requestReset('known@example.com');
      assert.equal(unknown.status, 202);
      assert.equal(known.status, unknown.status);
      assert.deepEqual(await unknown.json(), await known.json());
      // Both requests left a message; the worker's send guard ends the unknown one unsent.
      const messageTo = async (to: string) => {
        for (let i = 0; i < 100; i++) {
          const [m] = await app.runtime.db.query<{ id: string; status: string }>(
            'SELECT id, status FROM messages WHERE to_addr = $1',
            [to],
          );
          if (m && !['queued', 'sending', 'retrying'].includes(m.status)) return m;
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        assert.fail(`the message to ${to} never settled`);
      };
      assert.equal((await messageTo('nobody-here@example.com')).status, 'suppressed');
      assert.equal((await messageTo('known@example.com')).status, 'sent');
      await mailTo('known@example.com');
      assert.equal((await mailbox.list({ to: 'nobody-here@example.com' })).length, 0);
    });

    it('a newer request revokes the older link', async () => {
      await account(app, 'twice.reset@example.com');
      await requestReset('twice.reset@example.com');
      const first = await mailTo('twice.reset@example.com');
      await requestReset('twice.reset@example.com');
      const second = await mailTo('twice.reset@example.com', first.id);
      const confirm = (m: MailboxMessage, password: string) =>
        fetch(
          `${app.url}/users/password-reset/confirm`,
          json({ token: linkOf(app, m, '/users/password-reset').token, password }),
        );
      const old = await confirm(first, 'first-password-1');
      assert.equal(old.status, 400);
      assert.equal(((await old.json()) as { code: string }).code, 'invalid_token');
      assert.equal((await confirm(second, 'second-password-2')).status, 200);
    });

    it('concurrent confirms of one token: exactly one 200, the rest 409 already_used', async () => {
      await account(app, 'race.reset@example.com');
      await requestReset('race.reset@example.com');
      const { token } = linkOf(app, await mailTo('race.reset@example.com'), '/users/password-reset');
      const results = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          fetch(`${app.url}/users/password-reset/confirm`, json({ token, password: `race-password-${i}` })),
        ),
      );
      const statuses = results.map((r) => r.status).sort();
      assert.deepEqual(statuses, [200, 409, 409, 409, 409, 409, 409, 409]);
      for (const r of results)
        if (r.status === 409) assert.equal(((await r.json()) as { code: string }).code, 'already_used');
      const winner = results.findIndex((r) => r.status === 200);
      assert.equal((await login(app, 'race.reset@example.com', `race-password-${winner}`)).status, 200);
    });

    it('bad tokens and bad passwords are refused with stable codes', async () => {
      const confirm = (body: unknown) => fetch(`${app.url}/users/password-reset/confirm`, json(body));
      const unknown = await confirm({ token: 'A'.repeat(43), password: 'password-123' });
      assert.equal(unknown.status, 400);
      assert.equal(((await unknown.json()) as { code: string }).code, 'invalid_token');
      const weak = await confirm({ token: 'A'.repeat(43), password: 'short' });
      assert.equal(weak.status, 400);
      assert.equal(((await weak.json()) as { code: string }).code, 'validation_failed');
      const missing = await confirm({ password: 'password-123' });
      assert.equal(missing.status, 400);
      assert.equal(((await missing.json()) as { code: string }).code, 'invalid_token');
      const text = await fetch(`${app.url}/users/password-reset`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain' },
        body: 'email=a@example.com',
      });
      assert.equal(text.status, 415, 'JSON or the page form, nothing else');
      const invalid = await requestReset('not an address');
      assert.equal(invalid.status, 400);
      const refused = (await invalid.json()) as { code: string; fields: Record<string, string> };
      assert.equal(refused.code, 'validation_failed');
      assert.ok(refused.fields.email, 'the JSON answer names the field');
    });

    it('without a token the page asks for the address; its form gets "check your mail" for any address', async () => {
      await account(app, 'asks.by.form@example.com', 'old-password-1');
      for (const path of ['/users/password-reset', '/users/password-reset?token=']) {
        const page = await fetch(`${app.url}${path}`);
        assert.equal(page.status, 200);
        assert.equal(page.headers.get('cache-control'), 'no-store');
        assert.match(page.headers.get('content-security-policy') ?? '', /form-action 'self'/);
        const html = await page.text();
        assert.match(html, /<form method="post" action="password-reset">/);
        assert.match(html, /type="email" name="email"/);
        assert.doesNotMatch(html, /name="password"/);
      }
      // With a token it is still the new-password form (tested above), and changes nothing.
      const withToken = await (await fetch(`${app.url}/users/password-reset?token=abc`)).text();
      assert.match(withToken, /action="password-reset\/confirm"/);

      const post = (email: string, lang = 'en') =>
        fetch(`${app.url}/users/password-reset`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', 'accept-language': lang },
          body: new URLSearchParams({ email }).toString(),
        });
      const known = await post('asks.by.form@example.com');
      const unknown = await post('nobody.by.form@example.com');
      assert.equal(known.status, 202);
      assert.equal(unknown.status, 202);
      assert.match(known.headers.get('content-type') ?? '', /text\/html/);
      assert.equal(known.headers.get('x-frame-options'), 'DENY');
      const [knownHtml, unknownHtml] = [await known.text(), await unknown.text()];
      assert.equal(knownHtml, unknownHtml, 'the same page for every address');
      assert.match(knownHtml, /Check your mail/);
      assert.match(knownHtml, /30 minutes/);
      const mail = await mailTo('asks.by.form@example.com');
      linkOf(app, mail, '/users/password-reset');

      const bad = await post('not an address', 'ko');
      assert.equal(bad.status, 400);
      const badHtml = await bad.text();
      assert.match(badHtml, /class="error"/, 'the form again, with the rule');
      assert.match(badHtml, /action="password-reset"/);
      assert.match(badHtml, /lang="ko"/);
    });
  });

  describe('email change', () => {
    const change = (bearer: string, email: string, password: string) =>
      fetch(`${app.url}/users/me/email`, json({ email, password }, { authorization: `Bearer ${bearer}` }));

    async function me(bearer: string): Promise<Response> {
      return fetch(`${app.url}/users/me`, { headers: { authorization: `Bearer ${bearer}` } });
    }

    it('by link: confirm mail to the new address, notice to the old one, the page changes nothing', async () => {
      await account(app, 'old.link@example.com', 'password-123', 'Mover');
      const bearer = await accessToken(app, 'old.link@example.com', 'password-123');
      const res = await change(bearer, 'New.Link@Example.com', 'password-123');
      assert.equal(res.status, 202);

      const verify = await mailTo('new.link@example.com');
      assert.deepEqual(verify.to, ['new.link@example.com']);
      const { url } = linkOf(app, verify, '/users/email-change/confirm');
      assert.match(verify.codes[0] ?? '', /^\d{6}$/);

      const notice = await mailTo('old.link@example.com');
      assert.match(notice.text, /New\.Link@Example\.com/);
      linkOf(app, notice, '/users/email-change/undo');
      assert.match(notice.text, /7 days/);

      for (let i = 0; i < 2; i++) assert.equal((await fetch(url)).status, 200);
      assert.equal(((await (await me(bearer)).json()) as { email: string }).email, 'old.link@example.com');

      const done = await fetch(url, { method: 'POST' });
      assert.equal(done.status, 200);
      const { user } = (await done.json()) as { user: { email: string } };
      assert.equal(user.email, 'New.Link@example.com');
      assert.equal((await fetch(url, { method: 'POST' })).status, 409);
      // The change keeps the session: the token is tied to the account, not the address.
      assert.equal(((await (await me(bearer)).json()) as { email: string }).email, 'New.Link@example.com');
      assert.equal((await login(app, 'new.link@example.com', 'password-123')).status, 200);
      assert.equal((await login(app, 'old.link@example.com', 'password-123')).status, 401);
    });

    it('by code, from the same mail; wrong codes are counted', async () => {
      await account(app, 'old.code@example.com');
      const bearer = await accessToken(app, 'old.code@example.com', 'password-123');
      assert.equal((await change(bearer, 'new.code@example.com', 'password-123')).status, 202);
      const code = (await mailTo('new.code@example.com')).codes[0];
      const confirm = (c: string) =>
        fetch(`${app.url}/users/email-change/confirm`, json({ email: 'new.code@example.com', code: c }));
      const wrong = await confirm(code === '000000' ? '000001' : '000000');
      assert.equal(wrong.status, 400);
      assert.equal(((await wrong.json()) as { code: string }).code, 'invalid_code');
      const ok = await confirm(code);
      assert.equal(ok.status, 200);
      assert.equal(((await ok.json()) as { user: { email: string } }).user.email, 'new.code@example.com');
      assert.equal((await confirm(code)).status, 409);
    });

    it('undo from the old address restores it and signs out everywhere', async () => {
      const id = await account(app, 'victim@example.com', 'password-123');
      const bearer = await accessToken(app, 'victim@example.com', 'password-123');
      assert.equal((await change(bearer, 'attacker@example.net', 'password-123')).status, 202);
      const verify = await mailTo('attacker@example.net');
      assert.equal(
        (await fetch(linkOf(app, verify, '/users/email-change/confirm').url, { method: 'POST' })).status,
        200,
      );
      // The attacker, now holding the address, asks for a reset: it must not outlive the undo.
      await fetch(`${app.url}/users/password-reset`, json({ email: 'attacker@example.net' }));
      const reset = await mailTo('attacker@example.net', verify.id);

      const { url } = linkOf(app, await mailTo('victim@example.com'), '/users/email-change/undo');
      assert.equal((await fetch(url)).status, 200, 'the undo page');
      const undone = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: '',
      });
      assert.equal(undone.status, 200);
      assert.match(await undone.text(), /victim@example\.com/);

      const [row] = await app.runtime.db.query<{ email: string }>('SELECT email FROM users WHERE id = $1', [
        id,
      ]);
      assert.equal(row.email, 'victim@example.com');
      assert.equal((await me(bearer)).status, 401, 'sessions from before the undo are refused');
      assert.equal((await login(app, 'victim@example.com', 'password-123')).status, 200);
      const stale = await fetch(
        `${app.url}/users/password-reset/confirm`,
        json({ token: linkOf(app, reset, '/users/password-reset').token, password: 'attacker-pw-1' }),
      );
      assert.equal(stale.status, 400, "the attacker's reset link died with the undo");
      assert.equal((await fetch(url, { method: 'POST' })).status, 409, 'undo is single use');
    });

    it('undo before confirmation cancels the change', async () => {
      await account(app, 'cancel@example.com');
      const bearer = await accessToken(app, 'cancel@example.com', 'password-123');
      await change(bearer, 'cancel.new@example.com', 'password-123');
      const verify = await mailTo('cancel.new@example.com');
      const { token } = linkOf(app, await mailTo('cancel@example.com'), '/users/email-change/undo');
      const undone = await fetch(`${app.url}/users/email-change/undo`, json({ token }));
      assert.equal(undone.status, 200);
      assert.equal(((await undone.json()) as { email: string }).email, 'cancel@example.com');
      const late = await fetch(linkOf(app, verify, '/users/email-change/confirm').url, { method: 'POST' });
      assert.equal(late.status, 409);
      assert.equal(((await late.json()) as { code: string }).code, 'already_used');
    });

    it('a wrong password is 401 invalid_password; no token is 401; your own address is 400', async () => {
      await account(app, 'careful@example.com');
      const bearer = await accessToken(app, 'careful@example.com', 'password-123');
      const wrong = await change(bearer, 'elsewhere@example.com', 'not-my-password');
      assert.equal(wrong.status, 401);
      assert.equal(((await wrong.json()) as { code: string }).code, 'invalid_password');
      const noToken = await fetch(
        `${app.url}/users/me/email`,
        json({ email: 'elsewhere@example.com', password: 'password-123' }),
      );
      assert.equal(noToken.status, 401);
      assert.equal(((await noToken.json()) as { code: string }).code, 'unauthorized');
      assert.equal((await change(bearer, 'CAREFUL@example.com', 'password-123')).status, 400);
      assert.equal((await change(bearer, 'not an address', 'password-123')).status, 400);
      assert.equal((await mailbox.list({ to: 'elsewhere@example.com' })).length, 0);
    });

    it('two accounts confirming one new address at once: one wins, the other gets 409 email_taken', async () => {
      await account(app, 'first.owner@example.com');
      await account(app, 'second.owner@example.com');
      const links = [];
      for (const who of ['first.owner@example.com', 'second.owner@example.com']) {
        const bearer = await accessToken(app, who, 'password-123');
        const before = (await mailbox.list({ to: 'contested@example.com' }))[0]?.id;
        assert.equal((await change(bearer, 'contested@example.com', 'password-123')).status, 202);
        links.push(
          linkOf(app, await mailTo('contested@example.com', before), '/users/email-change/confirm').url,
        );
      }
      const results = await Promise.all(links.map((l) => fetch(l, { method: 'POST' })));
      assert.deepEqual(results.map((r) => r.status).sort(), [200, 409]);
      const lost = results.find((r) => r.status === 409)!;
      assert.equal(((await lost.json()) as { code: string }).code, 'email_taken');
      const rows = await app.runtime.db.query(
        "SELECT 1 FROM users WHERE email_key = 'contested@example.com'",
      );
      assert.equal(rows.length, 1);
    });

    it('the OpenAPI document lists the account routes', async () => {
      const doc = (await (await fetch(`${app.url}/docs/json`)).json()) as {
        paths: Record<string, Record<string, { responses: Record<string, unknown>; requestBody?: unknown }>>;
      };
      assert.ok(doc.paths['/users/password-reset'].post.requestBody);
      assert.ok(doc.paths['/users/password-reset'].get);
      assert.ok(doc.paths['/users/password-reset/confirm'].post.responses['409']);
      assert.ok(doc.paths['/users/me/email'].post.requestBody);
      assert.ok(doc.paths['/users/me/email'].post.responses['401']);
      assert.ok(doc.paths['/users/email-change/confirm'].post.responses['409']);
      assert.ok(doc.paths['/users/email-change/undo'].get);
    });
  });
});

describe('account limits', () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp({ PUBLIC_URL });
  });
  after(async () => {
    await app.destroy();
  });

  it('password reset: one request a minute per address, then 429 with Retry-After, for any address', async () => {
    await account(app, 'limited@example.com');
    for (const email of ['limited@example.com', 'unknown-limited@example.com']) {
      const request = () => fetch(`${app.url}/users/password-reset`, json({ email }));
      assert.equal((await request()).status, 202);
      const limited = await request();
      assert.equal(limited.status, 429);
      assert.equal(((await limited.json()) as { code: string }).code, 'rate_limited');
      const retry = Number(limited.headers.get('retry-after'));
      assert.ok(retry > 0 && retry <= 60, `Retry-After ${retry}`);
      // The page's form is limited the same, and told so on a page.
      const form = await fetch(`${app.url}/users/password-reset`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ email }).toString(),
      });
      assert.equal(form.status, 429);
      assert.ok(Number(form.headers.get('retry-after')) > 0);
      assert.match(await form.text(), /Too many requests/);
    }
  });

  it('email change: five requests an hour per account (wrong passwords count), then 429', async () => {
    await account(app, 'changer@example.com');
    const bearer = await accessToken(app, 'changer@example.com', 'password-123');
    const attempt = (password: string) =>
      fetch(
        `${app.url}/users/me/email`,
        json({ email: 'somewhere@example.com', password }, { authorization: `Bearer ${bearer}` }),
      );
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await attempt(`guess-${i}-xxxx`)).status);
    assert.deepEqual(statuses, [401, 401, 401, 401, 401]);
    const limited = await attempt('password-123');
    assert.equal(limited.status, 429);
    const retry = Number(limited.headers.get('retry-after'));
    assert.ok(retry > 3000 && retry <= 3600, `Retry-After ${retry}`);
  });
});
