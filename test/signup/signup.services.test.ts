import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { AppError } from '../../src/common/errors/app-error';
import { RedisPendingSignupStore } from '../../src/modules/signup/database/redis.pending-signup.store';
import { SLOT_LENGTH, hmac } from '../../src/modules/signup/domain/challenge.secrets';
import { skipWithout } from '../support/services';
import { type Services, type Store, signupServices, tokenOf } from './services';

/**
 * The signup use cases over a real database with a fake outbox: the storage rules (single use,
 * first verified wins, nothing half-written) without HTTP or the mail worker. One suite, run on the
 * embedded store (one connection) and on PostgreSQL (a pool, READ COMMITTED: real concurrency).
 */

const rejectsWith = (code: string) => (err: unknown) => {
  assert.ok(err instanceof AppError, `expected an AppError, got ${String(err)}`);
  assert.equal(err.code, code);
  return true;
};

let ipSeq = 0;
const ctx = () => ({ ip: `10.0.0.${++ipSeq}`, locale: 'en' as const });

function signupContract(store: Store, skip: false | string) {
  describe(`signup services on ${store}`, { skip }, () => {
    let s: Services;
    before(async () => {
      s = await signupServices(store, { PUBLIC_URL: 'https://auth.example.org/base' });
    });
    after(async () => {
      await s.close();
    });

    const signup = async (email: string, password = 'correct horse 1', name = 'Ada') => {
      await s.create.create({ name, email, password }, ctx());
      const mail = s.outbox.last(email);
      assert.equal(mail.template, 'signup-verify');
      return { token: tokenOf(mail.secrets!.link), code: mail.secrets!.code, mail };
    };

    it('stores a pending signup, not a user, and mails a link built from PUBLIC_URL with a code', async () => {
      const { mail, token, code } = await signup('New.User@Example.COM', 'pw-12345678', '  Ada L.  ');
      assert.match(
        mail.secrets!.link,
        /^https:\/\/auth\.example\.org\/base\/users\/email-verify\?signupVerifyToken=/,
      );
      assert.match(code, /^\d{6}$/);
      assert.deepEqual(mail.to, { address: 'New.User@example.com', name: 'Ada L.' });
      assert.ok(Date.parse(String(mail.data.linkExpiresAt)) > Date.parse(String(mail.data.codeExpiresAt)));
      assert.equal(await s.users.findByEmailKey('new.user@example.com'), undefined);
      const rows = await s.probe.records('new.user@example.com');
      assert.equal(rows.length, 1);
      const dump = rows[0].dump;
      assert.ok(!dump.includes(token) && !dump.includes(code) && !dump.includes('pw-12345678'));
      assert.match(rows[0].passwordHash, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
      assert.equal(rows[0].email, 'New.User@example.com');
      assert.equal(rows[0].emailDisplay, 'New.User@Example.COM');
    });

    it('a link creates the user once; a replay is already_verified', async () => {
      const { token } = await signup('once@example.com');
      const user = await s.verify.byToken(token, '10.1.0.1');
      assert.equal(user.email, 'once@example.com');
      assert.equal(user.name, 'Ada');
      await assert.rejects(s.verify.byToken(token, '10.1.0.1'), rejectsWith('already_verified'));
      await assert.rejects(s.verify.byToken('A'.repeat(47), '10.1.0.1'), rejectsWith('invalid_token'));
      await assert.rejects(s.verify.byToken('short', '10.1.0.1'), rejectsWith('invalid_token'));
    });

    it('30 concurrent uses of one token make exactly one user', async () => {
      const { token } = await signup('race@example.com');
      const results = await Promise.allSettled(
        Array.from({ length: 30 }, (_, i) => s.verify.byToken(token, `10.2.0.${i}`)),
      );
      assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
      for (const r of results)
        if (r.status === 'rejected') assert.equal((r.reason as AppError).code, 'already_verified');
      const [{ n }] = await s.db.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM users WHERE email_key = 'race@example.com'",
      );
      assert.equal(n, 1);
    });

    it('two attempts for one address: the first verified wins, keeps its password, revokes the other', async () => {
      const a = await signup('twice@example.com', 'password-A-1');
      const b = await signup('twice@example.com', 'password-B-2');
      const results = await Promise.allSettled([
        s.verify.byToken(a.token, '10.3.0.1'),
        s.verify.byToken(b.token, '10.3.0.2'),
      ]);
      assert.deepEqual(results.map((r) => r.status).sort(), ['fulfilled', 'rejected']);
      const lost = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
      assert.equal((lost.reason as AppError).code, 'already_verified');
      const won = results[0].status === 'fulfilled' ? 'password-A-1' : 'password-B-2';
      const lostPw = won === 'password-A-1' ? 'password-B-2' : 'password-A-1';
      const [{ n }] = await s.db.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM users WHERE email_key = 'twice@example.com'",
      );
      assert.equal(n, 1);
      assert.equal(
        (await s.login.login({ email: 'twice@example.com', password: won }, '10.3.0.3')).tokenType,
        'Bearer',
      );
      await assert.rejects(
        s.login.login({ email: 'twice@example.com', password: lostPw }, '10.3.0.3'),
        rejectsWith('invalid_credentials'),
      );
      const states = (await s.probe.records('twice@example.com')).map((r) => r.state).sort();
      assert.deepEqual(states, ['revoked', 'verified']);
    });

    it('a code verifies too, compared against every live attempt; a replay is already_verified', async () => {
      await signup('code@example.com');
      const second = await signup('code@example.com');
      const user = await s.verify.byCode('Code@Example.com', second.code, '10.4.0.1');
      assert.equal(user.email, 'code@example.com');
      await assert.rejects(
        s.verify.byCode('code@example.com', second.code, '10.4.0.1'),
        rejectsWith('already_verified'),
      );
    });

    it('five wrong codes kill the code but not the link', async () => {
      const { token, code } = await signup('guess@example.com');
      const wrong = code === '000000' ? '000001' : '000000';
      for (let i = 0; i < 5; i++)
        await assert.rejects(
          s.verify.byCode('guess@example.com', wrong, '10.5.0.1'),
          rejectsWith('invalid_code'),
        );
      await assert.rejects(
        s.verify.byCode('guess@example.com', code, '10.5.0.1'),
        rejectsWith('invalid_code'),
      );
      await assert.rejects(
        s.verify.byCode('guess@example.com', 'abc', '10.5.0.1'),
        rejectsWith('invalid_code'),
      );
      assert.equal((await s.verify.byToken(token, '10.5.0.1')).email, 'guess@example.com');
    });

    it('expired links and codes are refused', async () => {
      const { token, code } = await signup('late@example.com');
      await s.probe.expire('late@example.com', 'code');
      await assert.rejects(
        s.verify.byCode('late@example.com', code, '10.6.0.1'),
        rejectsWith('invalid_code'),
      );
      await s.probe.expire('late@example.com', 'link');
      await assert.rejects(s.verify.byToken(token, '10.6.0.1'), rejectsWith('invalid_token'));
      assert.equal(await s.users.findByEmailKey('late@example.com'), undefined);
    });

    it('an existing account: the request stores a challenge as for anyone; its guard withdraws it and sends the owner a throttled notice', async () => {
      const { token } = await signup('owner@example.com');
      await s.verify.byToken(token, '10.7.0.1');
      const before = s.outbox.mails.length;
      const attempt = async () => {
        await s.create.create(
          { name: 'Mallory', email: 'OWNER@example.com', password: 'whatever-123' },
          ctx(),
        );
        return s.outbox.last('owner@example.com');
      };
      const first = await attempt();
      assert.equal(s.outbox.mails.length, before + 1, 'one mail queued, as for a new address');
      assert.equal(first.template, 'signup-verify', 'the request does not know the address has an account');
      assert.equal(
        (await s.probe.records('owner@example.com')).filter((r) => r.state === 'pending').length,
        1,
      );

      // At send time: the challenge is withdrawn, and the owner gets the notice in its place.
      const verdict = await s.guardVerify(first);
      assert.equal(verdict.kind, 'replace');
      assert.ok(verdict.kind === 'replace');
      assert.equal(verdict.mail.template, 'signup-exists');
      assert.equal(verdict.mail.data.resetUrl, 'https://auth.example.org/base/users/password-reset');
      assert.deepEqual(
        verdict.mail.to,
        { address: 'owner@example.com', name: 'Ada' },
        'the owner, not the name typed',
      );
      assert.equal('secrets' in verdict.mail, false);
      assert.equal(
        (await s.probe.records('owner@example.com')).filter((r) => r.state === 'pending').length,
        0,
      );
      await assert.rejects(
        s.verify.byCode('owner@example.com', first.secrets!.code, '10.7.0.2'),
        rejectsWith('already_verified'),
        'the withdrawn challenge answers like a settled one',
      );
      await assert.rejects(
        s.verify.byToken(tokenOf(first.secrets!.link), '10.7.0.2'),
        rejectsWith('already_verified'),
      );

      // A second attempt within 15 minutes: withdrawn too, and its mail ends unsent.
      const second = await attempt();
      assert.deepEqual(await s.guardVerify(second), {
        kind: 'drop',
        reason: 'the address has an account; notice throttled',
      });
      assert.equal(
        (await s.probe.records('owner@example.com')).filter((r) => r.state === 'pending').length,
        0,
      );
      assert.equal((await s.users.findByEmailKey('owner@example.com'))?.name, 'Ada');
    });

    it('the guard sends a new address its challenge unchanged, and a signup verified meanwhile turns a rival into the notice', async () => {
      const a = await signup('rival@example.com');
      const b = await signup('rival@example.com', 'other password 2');
      assert.deepEqual(await s.guardVerify(a.mail), { kind: 'send' });
      await s.verify.byToken(a.token, '10.7.1.1');
      const verdict = await s.guardVerify(b.mail);
      assert.equal(verdict.kind, 'replace', 'the account exists by the time the rival is sent');
      await assert.rejects(s.verify.byToken(b.token, '10.7.1.2'), rejectsWith('already_verified'));
    });

    it('resend rotates the newest challenge: the old link dies, the new one works', async () => {
      const first = await signup('resend@example.com');
      const stored = async () => (await s.probe.records('resend@example.com')).map((r) => r.dump);
      const before = await stored();
      await s.resend.resend('RESEND@example.com', ctx());
      const again = s.outbox.last('resend@example.com');
      const token = tokenOf(again.secrets!.link);
      assert.notEqual(token, first.token);
      // The request changed nothing; the mail's guard gives its challenge to the signup, then sends.
      assert.deepEqual(await stored(), before);
      assert.deepEqual(await s.guardVerify(again), {
        kind: 'send',
        to: { address: 'resend@example.com', name: 'Ada' },
        data: { name: 'Ada' },
      });
      await assert.rejects(s.verify.byToken(first.token, '10.8.0.1'), rejectsWith('invalid_token'));
      await assert.rejects(s.resend.resend('resend@example.com', ctx()), (err: unknown) => {
        assert.ok(err instanceof AppError);
        assert.equal(err.code, 'rate_limited');
        assert.ok(err.retryAfter !== undefined && err.retryAfter > 0 && err.retryAfter <= 60);
        return true;
      });
      assert.equal(
        (await s.verify.byCode('resend@example.com', again.secrets!.code, '10.8.0.1')).email,
        'resend@example.com',
      );
    });

    it('resend queues the same mail for an unknown address; its guard ends it unsent', async () => {
      const before = s.outbox.mails.length;
      await s.resend.resend('nobody@example.com', ctx());
      assert.equal(s.outbox.mails.length, before + 1);
      assert.deepEqual(await s.guardVerify(s.outbox.last('nobody@example.com')), {
        kind: 'drop',
        reason: 'nothing pending at this address',
      });
    });

    it('resend to an address with an account is dropped; a retried resend mail keeps its signup, even after a newer one', async () => {
      const owner = await signup('resend-owner@example.com');
      await s.verify.byToken(owner.token, '10.8.1.1');
      await s.resend.resend('resend-owner@example.com', ctx());
      assert.deepEqual(await s.guardVerify(s.outbox.last('resend-owner@example.com')), {
        kind: 'drop',
        reason: 'the address has an account',
      });

      await signup('resend-retry@example.com');
      await s.resend.resend('resend-retry@example.com', ctx());
      const resent = s.outbox.last('resend-retry@example.com');
      assert.equal((await s.guardVerify(resent)).kind, 'send');
      const newer = await signup('resend-retry@example.com', 'newer password 3', 'Newer');
      // The send failed and is retried: the same challenge, still on the signup it went to.
      assert.deepEqual(await s.guardVerify(resent), {
        kind: 'send',
        to: { address: 'resend-retry@example.com', name: 'Ada' },
        data: { name: 'Ada' },
      });
      assert.equal((await s.verify.byToken(tokenOf(resent.secrets!.link), '10.8.1.2')).name, 'Ada');
      await assert.rejects(s.verify.byToken(newer.token, '10.8.1.2'), rejectsWith('already_verified'));
    });

    it('a failing outbox leaves nothing half-written (503)', async () => {
      s.outbox.failNext = true;
      await assert.rejects(
        s.create.create({ name: 'X', email: 'broken@example.com', password: 'password-123' }, ctx()),
        rejectsWith('service_unavailable'),
      );
      assert.deepEqual(await s.probe.records('broken@example.com'), []);
    });

    it('a commit that fails after the challenge was stored leaves nothing behind (503)', async () => {
      s.db.failNextCommit = true;
      await assert.rejects(
        s.create.create({ name: 'X', email: 'lost@example.com', password: 'password-123' }, ctx()),
        rejectsWith('service_unavailable'),
      );
      assert.deepEqual(await s.probe.records('lost@example.com'), []);
    });

    it('a verify whose commit fails loses nothing: the link, and the revoked rival, work again', async () => {
      const a = await signup('flaky@example.com', 'password-A-1');
      const b = await signup('flaky@example.com', 'password-B-2');
      s.db.failNextCommit = true;
      await assert.rejects(s.verify.byToken(a.token, '10.10.0.1'), /connection lost at commit/);
      assert.equal(await s.users.findByEmailKey('flaky@example.com'), undefined);
      assert.deepEqual(
        (await s.probe.records('flaky@example.com')).map((r) => r.state),
        ['pending', 'pending'],
      );
      const user = await s.verify.byToken(b.token, '10.10.0.2');
      assert.equal(user.email, 'flaky@example.com');
      await assert.rejects(s.verify.byToken(a.token, '10.10.0.1'), rejectsWith('already_verified'));
      assert.equal(
        (await s.login.login({ email: 'flaky@example.com', password: 'password-B-2' }, '10.10.0.3'))
          .tokenType,
        'Bearer',
      );
    });

    it('a resend whose commit fails keeps the previous link and code working', async () => {
      const first = await signup('flaky-resend@example.com');
      s.db.failNextCommit = true;
      await assert.rejects(s.resend.resend('flaky-resend@example.com', ctx()), /connection lost at commit/);
      assert.equal((await s.verify.byCode('flaky-resend@example.com', first.code, '10.11.0.1')).name, 'Ada');
      await assert.rejects(s.verify.byToken(first.token, '10.11.0.1'), rejectsWith('already_verified'));
    });

    it('30 parallel wrong codes get five comparisons at most: then the code is dead, the link lives', async () => {
      const { token, code } = await signup('burst@example.com');
      const wrong = code === '000000' ? '000001' : '000000';
      const results = await Promise.allSettled(
        Array.from({ length: 30 }, (_, i) => s.verify.byCode('burst@example.com', wrong, `10.12.0.${i}`)),
      );
      for (const r of results) {
        assert.equal(r.status, 'rejected');
        assert.equal((r.reason as AppError).code, 'invalid_code');
      }
      await assert.rejects(
        s.verify.byCode('burst@example.com', code, '10.12.1.1'),
        rejectsWith('invalid_code'),
      );
      assert.equal((await s.verify.byToken(token, '10.12.1.1')).email, 'burst@example.com');
    });

    it('30 parallel uses of one code make exactly one user', async () => {
      const { code } = await signup('code-race@example.com');
      const results = await Promise.allSettled(
        Array.from({ length: 30 }, (_, i) => s.verify.byCode('code-race@example.com', code, `10.13.0.${i}`)),
      );
      assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
      for (const r of results)
        if (r.status === 'rejected') assert.equal((r.reason as AppError).code, 'already_verified');
    });

    it('login: unknown, wrong and unverified are one answer; repeated failures are rate limited', async () => {
      await signup('pending-only@example.com', 'password-123');
      for (const [email, password] of [
        ['pending-only@example.com', 'password-123'],
        ['ghost@example.com', 'password-123'],
        ['once@example.com', 'wrong-password'],
        ['not an address', 'x'],
      ])
        await assert.rejects(
          s.login.login({ email, password }, '10.9.0.1'),
          rejectsWith('invalid_credentials'),
        );
      for (let i = 0; i < 9; i++)
        await assert.rejects(
          s.login.login({ email: 'once@example.com', password: 'wrong-password' }, `10.9.1.${i}`),
          rejectsWith('invalid_credentials'),
        );
      await assert.rejects(
        s.login.login({ email: 'once@example.com', password: 'correct horse 1' }, '10.9.2.1'),
        rejectsWith('rate_limited'),
      );
    });

    it('expired pending signups go: swept from SQL, by their own TTL in Redis', async () => {
      await signup('sweep@example.com');
      await s.probe.expire('sweep@example.com', 'link');
      if (s.pending.needsSweeping) assert.ok((await s.pending.sweep(new Date())) >= 1);
      assert.deepEqual(await s.probe.records('sweep@example.com'), []);
    });
  });
}

signupContract('pglite', false);
signupContract('postgres', skipWithout('postgres'));
signupContract('redis', skipWithout('postgres') || skipWithout('redis'));

describe(
  'signup services on redis: TTLs and leases',
  { skip: skipWithout('postgres') || skipWithout('redis') },
  () => {
    let s: Services;
    before(async () => {
      s = await signupServices('redis', { SIGNUP_TOKEN_TTL: '2', SIGNUP_CODE_TTL: '1' });
    });
    after(async () => {
      await s.close();
    });

    it('every key of a pending signup expires with the record; then its link is invalid', async () => {
      await s.create.create({ name: 'T', email: 'ttl@example.com', password: 'password-123' }, ctx());
      const token = tokenOf(s.outbox.last('ttl@example.com').secrets!.link);
      const { client, prefix } = s.redis!;
      const keys = await client.keys(`${prefix}signup:*`);
      assert.equal(keys.length, 3, keys.join(' ')); // record, token index, address index
      for (const k of keys) {
        const ttl = await client.pttl(k);
        assert.ok(ttl > 1000 && ttl <= 2000, `${k}: ${ttl} ms`);
      }
      assert.equal(s.pending.needsSweeping, false);
      await sleep(2100);
      assert.deepEqual(await client.keys(`${prefix}signup:*`), []);
      await assert.rejects(s.verify.byToken(token, '10.20.0.1'), rejectsWith('invalid_token'));
    });

    it('a verified challenge stays a tombstone (409) until its expiry, without its password', async () => {
      await s.create.create({ name: 'T', email: 'tomb@example.com', password: 'password-123' }, ctx());
      const token = tokenOf(s.outbox.last('tomb@example.com').secrets!.link);
      await s.verify.byToken(token, '10.20.1.1');
      await assert.rejects(s.verify.byToken(token, '10.20.1.1'), rejectsWith('already_verified'));
      const [record] = await s.probe.records('tomb@example.com');
      assert.equal(record.state, 'verified');
    });

    it('a claim left by a process that died is released by its lease, and the signup still verifies', async () => {
      await s.create.create({ name: 'T', email: 'lease@example.com', password: 'password-123' }, ctx());
      const token = tokenOf(s.outbox.last('lease@example.com').secrets!.link);
      const { client, prefix } = s.redis!;
      const dying = new RedisPendingSignupStore(client, prefix, 150);
      const claimed = await dying.consumeToken(
        s.db,
        { hash: hmac(s.config.keys.tokenHmac, token), slot: token.slice(0, SLOT_LENGTH) },
        new Date(),
      );
      assert.equal(claimed.kind, 'consumed');
      // While the lease runs, the challenge is being settled: a second request is a replay.
      await assert.rejects(s.verify.byToken(token, '10.20.2.1'), rejectsWith('already_verified'));
      await sleep(200);
      assert.equal((await s.verify.byToken(token, '10.20.2.1')).email, 'lease@example.com');
      // The dead process's late end changes nothing: the claim is no longer its own.
      if (claimed.kind === 'consumed') await dying.endClaim(claimed.signup, 'failed', new Date());
      const [record] = await s.probe.records('lease@example.com');
      assert.equal(record.state, 'verified');
    });
  },
);
