import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '../support/app';
import { MailboxClient, type MailboxMessage } from '../support/mailbox-client';
import { distributedEnv } from '../support/redis';
import { skipWithout } from '../support/services';
import { json } from './seed';

type Profile = 'embedded' | 'distributed';

/** Starts the app on a profile; the distributed one gets its own database and Redis key prefix. */
async function start(
  profile: Profile,
  env: Record<string, string>,
): Promise<TestApp & { done(): Promise<void> }> {
  const distributed = profile === 'distributed' ? await distributedEnv() : undefined;
  const app = await startTestApp({ ...env, ...distributed?.env });
  return Object.assign(app, {
    done: async () => {
      await app.destroy();
      await distributed?.cleanup();
    },
  });
}

const profiles: [Profile, false | string][] = [
  ['embedded', false],
  ['distributed', skipWithout('postgres') || skipWithout('redis')],
];

/**
 * The whole signup as a user meets it: HTTP in, mail read from the dev mailbox's REST API (the
 * real outbox, worker, templates and SMTP transport in between), HTTP out. Run on both profiles:
 * embedded, and distributed (PostgreSQL, pending signups and rate limits in Redis).
 */
for (const [profile, skip] of profiles)
  describe(`signup end to end, reading the mail (${profile})`, { skip }, () => {
    let app: Awaited<ReturnType<typeof start>>;
    let mailbox: MailboxClient;
    const PUBLIC_URL = 'https://accounts.example.test';

    before(async () => {
      app = await start(profile, { RATE_LIMIT: 'off', PUBLIC_URL });
      mailbox = new MailboxClient(app.url);
    });
    after(async () => {
      await app.done();
    });

    const signup = (body: Record<string, unknown>, headers: Record<string, string> = {}) =>
      fetch(`${app.url}/users`, json(body, headers));

    async function mailTo(address: string, after?: number): Promise<MailboxMessage> {
      const message = await mailbox.waitFor(address, { after, timeoutMs: 10_000 });
      assert.ok(message, `a message to ${address}`);
      return message;
    }

    /** The verify link (rebased on the test server: PUBLIC_URL is not where it listens) and code. */
    function challengeOf(message: MailboxMessage): { url: string; token: string; code: string } {
      const link = message.links.find((l) => l.includes('/users/email-verify?'));
      assert.ok(link, `a verify link in ${JSON.stringify(message.links)}`);
      assert.ok(
        link.startsWith(`${PUBLIC_URL}/users/email-verify?signupVerifyToken=`),
        'built from PUBLIC_URL',
      );
      const token = new URL(link).searchParams.get('signupVerifyToken') ?? '';
      const code = message.codes.find((c) => /^\d{6}$/.test(c)) ?? '';
      assert.match(code, /^\d{6}$/);
      return { url: `${app.url}/users/email-verify?signupVerifyToken=${token}`, token, code };
    }

    it('by link: mail arrives, opening the page twice consumes nothing, the button creates the account', async () => {
      const res = await signup(
        { name: 'Link Person', email: 'Link.Person@Example.com', password: 'password-123' },
        { 'accept-language': 'ko' },
      );
      assert.equal(res.status, 202);
      const message = await mailTo('link.person@example.com');
      assert.deepEqual(message.to, ['link.person@example.com']);
      const { url } = challengeOf(message);
      for (let i = 0; i < 2; i++) assert.equal((await fetch(url)).status, 200);
      const done = await fetch(url, { method: 'POST' });
      assert.equal(done.status, 201);
      const { user } = (await done.json()) as { user: { email: string; name: string } };
      assert.equal(user.email, 'Link.Person@example.com');
      assert.equal((await fetch(url, { method: 'POST' })).status, 409);
      const login = await fetch(
        `${app.url}/users/login`,
        json({ email: 'link.person@example.com', password: 'password-123' }),
      );
      assert.equal(login.status, 200);
    });

    it('by code, from the same mail', async () => {
      await signup({ name: 'Code Person', email: 'code.person@example.com', password: 'password-123' });
      const { code } = challengeOf(await mailTo('code.person@example.com'));
      const res = await fetch(
        `${app.url}/users/email-verify`,
        json({ email: 'code.person@example.com', code }),
      );
      assert.equal(res.status, 201);
      const replay = await fetch(
        `${app.url}/users/email-verify`,
        json({ email: 'code.person@example.com', code }),
      );
      assert.equal(replay.status, 409);
    });

    it('a new and an existing address get the same answer; the owner is told instead of challenged', async () => {
      await signup({ name: 'Owner', email: 'owner@example.com', password: 'password-123' });
      const challenge = await mailTo('owner@example.com');
      assert.equal((await fetch(challengeOf(challenge).url, { method: 'POST' })).status, 201);

      const fresh = await signup({ name: 'Fresh', email: 'fresh@example.com', password: 'password-123' });
      const existing = await signup({
        name: 'Mallory',
        email: 'Owner@example.com',
        password: 'other-password',
      });
      assert.equal(existing.status, fresh.status);
      assert.deepEqual(await existing.json(), await fresh.json());
      const notice = await mailTo('owner@example.com', challenge.id);
      assert.notEqual(notice.subject, challenge.subject);
      assert.ok(!notice.links.some((l) => l.includes('email-verify')), 'no challenge in the notice');
      assert.ok(!notice.codes.some((c) => /^\d{6}$/.test(c)), 'no code in the notice');
      assert.doesNotMatch(notice.text, /Mallory/, 'greets the owner, not the stranger');
    });

    it('parallel signups for one address, two verified: one 201, one 409, one user', async () => {
      const address = 'parallel@example.com';
      const statuses = await Promise.all(
        [1, 2, 3].map((i) => signup({ name: `P${i}`, email: address, password: `password-${i}xx` })),
      );
      assert.deepEqual(
        statuses.map((r) => r.status),
        [202, 202, 202],
      );
      const first = await mailTo(address);
      const second = await mailTo(address, first.id);
      const results = await Promise.all(
        [first, second].map(async (m) => (await fetch(challengeOf(m).url, { method: 'POST' })).status),
      );
      assert.deepEqual(results.sort(), [201, 409]);
      const rows = await app.runtime.db.query("SELECT 1 FROM users WHERE email_key = 'parallel@example.com'");
      assert.equal(rows.length, 1);
    });

    it('a name with quotes and angle brackets is escaped in the HTML and adds no recipient', async () => {
      const name = 'Eve "Boss" <script>alert(1)</script> <evil@attacker.example>';
      assert.equal((await signup({ name, email: 'eve@example.com', password: 'password-123' })).status, 202);
      const message = await mailTo('eve@example.com');
      assert.deepEqual(message.to, ['eve@example.com']);
      assert.equal(message.headers.bcc, undefined);
      assert.equal(message.headers.cc, undefined);
      assert.doesNotMatch(message.html, /<script>alert/);
      assert.match(message.html, /&lt;script&gt;/);
      assert.equal((await mailbox.list({ to: 'evil@attacker.example' })).length, 0);
      const injected = await signup({
        name: 'x\r\nBcc: evil@attacker.example',
        email: 'eve2@example.com',
        password: 'password-123',
      });
      assert.equal(injected.status, 400);
    });

    it(
      'distributed: pending signups and rate limits live in Redis under the prefix, users in PostgreSQL',
      {
        skip: profile !== 'distributed',
      },
      async () => {
        await signup({ name: 'Where', email: 'where@example.com', password: 'password-123' });
        const { redis, config, db } = app.runtime;
        assert.ok(redis);
        const keys = await redis.keys(`${config.redisKeyPrefix}*`);
        assert.ok(
          keys.some((k) => k.includes('signup:{') && k.endsWith('}:addr:where@example.com')),
          keys.join(' '),
        );
        assert.deepEqual(await db.query('SELECT 1 FROM pending_signups'), []);
        await fetch(challengeOf(await mailTo('where@example.com')).url, { method: 'POST' });
        assert.equal((await db.query("SELECT 1 FROM users WHERE email_key = 'where@example.com'")).length, 1);
      },
    );

    it('resend mails a fresh challenge; the old link stops working', async () => {
      await signup({ name: 'Resend', email: 'resend@example.com', password: 'password-123' });
      const first = await mailTo('resend@example.com');
      const r = await fetch(`${app.url}/users/resend-verification`, json({ email: 'resend@example.com' }));
      assert.equal(r.status, 202);
      const second = await mailTo('resend@example.com', first.id);
      assert.equal((await fetch(challengeOf(first).url, { method: 'POST' })).status, 400);
      assert.equal((await fetch(challengeOf(second).url, { method: 'POST' })).status, 201);
    });
  });

for (const [profile, skip] of profiles)
  describe(`signup limits (${profile})`, { skip }, () => {
    let app: Awaited<ReturnType<typeof start>>;
    before(async () => {
      app = await start(profile, {});
    });
    after(async () => {
      await app.done();
    });

    it('POST /users: five attempts an hour per address, then 429 with Retry-After; other addresses go on', async () => {
      const attempt = (email: string) =>
        fetch(`${app.url}/users`, json({ name: 'Limit', email, password: 'password-123' }));
      const statuses = [];
      for (let i = 0; i < 5; i++)
        statuses.push((await attempt(i % 2 ? 'LIMIT@example.com' : 'limit@example.com')).status);
      assert.deepEqual(statuses, [202, 202, 202, 202, 202]);
      const limited = await attempt('limit@example.com');
      assert.equal(limited.status, 429);
      const retry = Number(limited.headers.get('retry-after'));
      assert.ok(retry > 3000 && retry <= 3600, `Retry-After ${retry}`);
      assert.equal((await attempt('other@example.com')).status, 202);
    });
  });
