import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AppError } from '../../src/common/errors/app-error';
import type { User } from '../../src/modules/signup/database/user.repository';
import { tokenOf } from '../signup/services';
import { skipWithout } from '../support/services';
import { type AccountServices, accountServices, tokenParam } from './services';

/**
 * Password reset and email change over a real database with a fake outbox: the storage rules
 * (single use, newest request wins, one account per address under concurrency, nothing
 * half-written). One suite, run on the embedded store (one connection) and on PostgreSQL (a pool,
 * READ COMMITTED: real concurrency).
 */

const rejectsWith = (code: string) => (err: unknown) => {
  assert.ok(err instanceof AppError, `expected an AppError, got ${String(err)}`);
  assert.equal(err.code, code);
  return true;
};

const codesOf = (results: PromiseSettledResult<unknown>[]) =>
  results.map((r) => (r.status === 'fulfilled' ? 'ok' : (r.reason as AppError).code)).sort();

let ipSeq = 0;
const ctx = () => ({ ip: `10.20.0.${++ipSeq % 250}`, locale: 'en' as const });

function accountContract(store: 'pglite' | 'postgres', skip: false | string) {
  describe(`account services on ${store}`, { skip }, () => {
    let s: AccountServices;
    before(async () => {
      s = await accountServices(store, { RATE_LIMIT: 'off', PUBLIC_URL: 'https://auth.example.org/base' });
    });
    after(async () => {
      await s.close();
    });

    /** A verified account, as POST /users and the mailed link make it. */
    async function account(email: string, password = 'password-123'): Promise<User> {
      await s.create.create({ name: 'Ada', email, password }, ctx());
      const verified = await s.verify.byToken(tokenOf(s.outbox.last(email).secrets!.link), '10.21.0.1');
      const user = await s.users.findById(verified.id);
      assert.ok(user);
      return user;
    }

    /** Asks for a reset and lets its mail's send guard run, as the worker does before sending. */
    async function resetToken(email: string): Promise<string> {
      await s.requestReset.request(email, ctx());
      const mail = s.outbox.last(email);
      assert.equal(mail.template, 'password-reset');
      assert.equal((await s.guardReset(mail)).kind, 'send');
      return tokenParam(mail.secrets!.link);
    }

    /** Asks for a change and returns the link token, code and undo token the two mails carry. */
    async function requestChange(user: User, to: string, password = 'password-123') {
      await s.changeEmail.request(user, { email: to, password });
      const verify = s.outbox.last(to);
      const notice = s.outbox.last(user.email);
      assert.equal(verify.template, 'email-change-verify');
      assert.equal(notice.template, 'email-change-notice');
      return {
        token: tokenParam(verify.secrets!.link),
        code: verify.secrets!.code,
        undo: tokenParam(notice.secrets!.link),
      };
    }

    it('a reset stores only an HMAC, lives 30 minutes, links from PUBLIC_URL', async () => {
      const user = await account('hmac@example.com');
      const token = await resetToken('HMAC@example.com');
      assert.match(
        s.outbox.last('hmac@example.com').secrets!.link,
        /^https:\/\/auth\.example\.org\/base\/users\/password-reset\?token=/,
      );
      const rows = await s.db.query<Record<string, unknown>>(
        'SELECT * FROM password_resets WHERE user_id = $1',
        [user.id],
      );
      assert.equal(rows.length, 1, "bound to the account by the mail's guard");
      assert.ok(!JSON.stringify(rows[0]).includes(token));
      const ttl =
        (new Date(rows[0].expires_at as Date).getTime() - new Date(rows[0].created_at as Date).getTime()) /
        1000;
      assert.ok(Math.abs(ttl - 1800) < 5, `lifetime ${ttl} s`);
    });

    it('an unknown address: the same mail enqueued, an unusable row, and its guard sends nothing', async () => {
      const [{ n: rowsBefore }] = await s.db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM password_resets',
      );
      await s.requestReset.request('ghost@example.com', ctx());
      // Enqueued like any other address's: whether anyone gets it is decided by the worker.
      const mail = s.outbox.last('ghost@example.com');
      assert.equal(mail.template, 'password-reset');
      assert.match(mail.secrets!.link, /\/users\/password-reset\?token=/);
      assert.deepEqual(await s.guardReset(mail), { kind: 'drop', reason: 'no account has this address' });
      const [{ n: rowsAfter }] = await s.db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM password_resets',
      );
      assert.equal(rowsAfter, rowsBefore + 1);
      const [row] = await s.db.query<{ user_id: string | null }>(
        "SELECT user_id FROM password_resets WHERE email_key = 'ghost@example.com'",
      );
      assert.equal(row.user_id, null);
      await assert.rejects(
        s.confirmReset.confirm(tokenParam(mail.secrets!.link), 'ghost-password-1', '10.20.9.1'),
        rejectsWith('invalid_token'),
      );
    });

    it("an account's reset is bound only when its mail is sent: before, the link is invalid_token", async () => {
      const user = await account('Bound.Later@example.com');
      await s.requestReset.request('bound.later@EXAMPLE.com', ctx());
      const mail = s.outbox.last('bound.later@example.com');
      const token = tokenParam(mail.secrets!.link);
      await assert.rejects(
        s.confirmReset.confirm(token, 'bound-password-1', '10.20.9.2'),
        rejectsWith('invalid_token'),
      );
      // The guard sends it to the account as the account writes its address, with its name.
      assert.deepEqual(await s.guardReset(mail), {
        kind: 'send',
        to: { address: 'Bound.Later@example.com', name: 'Ada' },
        locale: 'en',
        data: { name: 'Ada' },
      });
      const [row] = await s.db.query<{ user_id: string | null }>(
        "SELECT user_id FROM password_resets WHERE email_key = 'bound.later@example.com'",
      );
      assert.equal(row.user_id, user.id);
      await s.confirmReset.confirm(token, 'bound-password-1', '10.20.9.2');
      // A second run of the guard (a retried send) changes nothing and still sends.
      assert.equal((await s.guardReset(mail)).kind, 'send');
    });

    it('a reset whose account left the address before the mail went out is never bound', async () => {
      const user = await account('moving.early@example.com');
      await s.requestReset.request('moving.early@example.com', ctx());
      const mail = s.outbox.last('moving.early@example.com');
      const change = await requestChange(user, 'moved.early@example.com');
      await s.confirmChange.byToken(change.token, '10.20.9.3');
      assert.equal((await s.guardReset(mail)).kind, 'drop');
      await assert.rejects(
        s.confirmReset.confirm(tokenParam(mail.secrets!.link), 'moved-password-1', '10.20.9.4'),
        rejectsWith('invalid_token'),
      );
    });

    it('concurrent confirms of one reset token: exactly one wins, the rest are already_used', async () => {
      const user = await account('race@example.com');
      const token = await resetToken('race@example.com');
      const results = await Promise.allSettled(
        Array.from({ length: 10 }, (_, i) =>
          s.confirmReset.confirm(token, `new-password-${i}`, `10.22.0.${i}`),
        ),
      );
      assert.deepEqual(codesOf(results), ['already_used', ...Array(8).fill('already_used'), 'ok'].sort());
      const after = await s.users.findById(user.id);
      assert.equal(after!.tokenVersion, user.tokenVersion + 1, 'token_version bumped exactly once');
      assert.equal(s.outbox.last('race@example.com').template, 'password-changed');
      const winner = results.findIndex((r) => r.status === 'fulfilled');
      const login = await s.login.login(
        { email: 'race@example.com', password: `new-password-${winner}` },
        '10.22.1.1',
      );
      assert.equal(login.tokenType, 'Bearer');
    });

    it('a newer reset request revokes the older; an expired one is invalid', async () => {
      await account('newer@example.com');
      const first = await resetToken('newer@example.com');
      const second = await resetToken('newer@example.com');
      await assert.rejects(
        s.confirmReset.confirm(first, 'password-new-1', '10.23.0.1'),
        rejectsWith('invalid_token'),
      );
      await s.db.query(
        "UPDATE password_resets SET expires_at = now() - interval '1 second' WHERE state = 'pending'",
      );
      await assert.rejects(
        s.confirmReset.confirm(second, 'password-new-1', '10.23.0.1'),
        rejectsWith('invalid_token'),
      );
    });

    it('a reset revokes a pending email change (a takeover in progress)', async () => {
      const user = await account('takeover@example.com');
      const change = await requestChange(user, 'thief@example.net');
      await s.confirmReset.confirm(await resetToken('takeover@example.com'), 'fresh-password-1', '10.24.0.1');
      await assert.rejects(s.confirmChange.byToken(change.token, '10.24.0.2'), rejectsWith('already_used'));
      assert.equal((await s.users.findById(user.id))!.email, 'takeover@example.com');
    });

    it('email change: nothing changes until confirmed; by code; a newer request revokes the older', async () => {
      const user = await account('mover@example.com');
      const older = await requestChange(user, 'first.choice@example.com');
      const newer = await requestChange(user, 'Second.Choice@example.com');
      assert.equal((await s.users.findById(user.id))!.email, 'mover@example.com');
      await assert.rejects(s.confirmChange.byToken(older.token, '10.25.0.1'), rejectsWith('already_used'));
      await assert.rejects(
        s.confirmChange.byCode('first.choice@example.com', older.code, '10.25.0.1'),
        rejectsWith('already_used'),
      );
      const moved = await s.confirmChange.byCode('second.choice@example.com', newer.code, '10.25.0.1');
      assert.equal(moved.email, 'Second.Choice@example.com');
      const after = await s.users.findById(user.id);
      assert.equal(after!.emailKey, 'second.choice@example.com');
      assert.equal(after!.tokenVersion, user.tokenVersion, 'confirming keeps sessions');
      const rows = await s.db.query<Record<string, unknown>>(
        'SELECT * FROM email_changes WHERE user_id = $1',
        [user.id],
      );
      const dump = JSON.stringify(rows);
      for (const secret of [older.token, older.code, older.undo, newer.token, newer.undo])
        assert.ok(!dump.includes(secret), 'secrets are stored only as HMACs');
    });

    it('five wrong codes kill the code but not the link', async () => {
      const user = await account('guesser@example.com');
      const { token, code } = await requestChange(user, 'guessed@example.com');
      const wrong = code === '000000' ? '000001' : '000000';
      for (let i = 0; i < 5; i++)
        await assert.rejects(
          s.confirmChange.byCode('guessed@example.com', wrong, '10.26.0.1'),
          rejectsWith('invalid_code'),
        );
      await assert.rejects(
        s.confirmChange.byCode('guessed@example.com', code, '10.26.0.1'),
        rejectsWith('invalid_code'),
      );
      assert.equal((await s.confirmChange.byToken(token, '10.26.0.1')).email, 'guessed@example.com');
    });

    it('a wrong current password is invalid_password and stores nothing', async () => {
      const user = await account('wrongpw@example.com');
      const before = s.outbox.mails.length;
      await assert.rejects(
        s.changeEmail.request(user, { email: 'x@example.com', password: 'not-the-password' }),
        rejectsWith('invalid_password'),
      );
      assert.equal(s.outbox.mails.length, before);
      const rows = await s.db.query('SELECT 1 FROM email_changes WHERE user_id = $1', [user.id]);
      assert.equal(rows.length, 0);
    });

    it('two accounts confirming one address concurrently: one wins, the other email_taken', async () => {
      for (let round = 0; round < 3; round++) {
        const target = `wanted${round}@example.com`;
        const a = await requestChange(await account(`a${round}@example.com`), target);
        const b = await requestChange(await account(`b${round}@example.com`), target);
        const results = await Promise.allSettled([
          s.confirmChange.byToken(a.token, '10.27.0.1'),
          round === 1
            ? s.confirmChange.byCode(target, b.code, '10.27.0.2')
            : s.confirmChange.byToken(b.token, '10.27.0.2'),
        ]);
        assert.deepEqual(codesOf(results), ['email_taken', 'ok']);
        const [{ n }] = await s.db.query<{ n: number }>(
          'SELECT count(*)::int AS n FROM users WHERE email_key = $1',
          [target],
        );
        assert.equal(n, 1);
      }
    });

    it('a signup verified while an email change to its address is confirmed: never two accounts', async () => {
      for (let round = 0; round < 3; round++) {
        const target = `contested${round}@example.com`;
        const change = await requestChange(await account(`holder${round}@example.com`), target);
        await s.create.create({ name: 'Newcomer', email: target, password: 'password-123' }, ctx());
        const signupToken = tokenOf(
          s.outbox.to(target).find((m) => m.template === 'signup-verify')!.secrets!.link,
        );
        const results = await Promise.allSettled([
          s.confirmChange.byToken(change.token, '10.28.0.1'),
          s.verify.byToken(signupToken, '10.28.0.2'),
        ]);
        const codes = codesOf(results);
        assert.ok(
          JSON.stringify(codes) === '["already_verified","ok"]' ||
            JSON.stringify(codes) === '["email_taken","ok"]',
          JSON.stringify(codes),
        );
        const [{ n }] = await s.db.query<{ n: number }>(
          'SELECT count(*)::int AS n FROM users WHERE email_key = $1',
          [target],
        );
        assert.equal(n, 1);
      }
    });

    it(
      'a writer that skips the address lock: the unique index still holds, the change is email_taken',
      { skip: store === 'pglite' && 'needs two connections (PGlite has one)' },
      async () => {
        const user = await account('lockless@example.com');
        const change = await requestChange(user, 'grabbed@example.com');
        // A user row for the address, inserted by a transaction that took no advisory lock (as a
        // Redis pending-signup store would not) and is still open while the change is confirmed.
        let confirming: Promise<unknown> | undefined;
        await s.db.transaction(async (tx) => {
          await tx.query(
            `INSERT INTO users (id, email, email_key, email_display, name, password_hash)
             VALUES (gen_random_uuid(), 'grabbed@example.com', 'grabbed@example.com', 'grabbed@example.com', 'G', 'x')`,
          );
          confirming = s.confirmChange.byToken(change.token, '10.33.0.1').then(
            () => 'ok',
            (err: AppError) => err.code,
          );
          // Commit only once the confirm is blocked on this transaction's uncommitted key.
          for (let i = 0; i < 200; i++) {
            const [{ n }] = await s.db.query<{ n: number }>(
              "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'",
            );
            if (n > 0) return;
            await new Promise((r) => setTimeout(r, 25));
          }
          assert.fail('the confirm never waited on the uncommitted key');
        });
        assert.equal(await confirming, 'email_taken');
        assert.equal((await s.users.findById(user.id))!.emailKey, 'lockless@example.com');
      },
    );

    it('a confirmed change revokes reset links mailed to the address the account left', async () => {
      const user = await account('leaving@example.com');
      const oldReset = await resetToken('leaving@example.com');
      const change = await requestChange(user, 'arriving@example.com');
      await s.confirmChange.byToken(change.token, '10.34.0.1');
      await assert.rejects(
        s.confirmReset.confirm(oldReset, 'after-move-pw-1', '10.34.0.2'),
        rejectsWith('invalid_token'),
      );
      const newReset = await resetToken('arriving@example.com');
      await s.confirmReset.confirm(newReset, 'after-move-pw-2', '10.34.0.3');
    });

    it('undo after confirmation restores the old address, revokes tokens and pending resets', async () => {
      const user = await account('owner@example.com');
      const change = await requestChange(user, 'intruder@example.net');
      await s.confirmChange.byToken(change.token, '10.29.0.1');
      const intruderReset = await resetToken('intruder@example.net');
      assert.equal(await s.undoChange.undo(change.undo, '10.29.0.2'), 'owner@example.com');
      const after = await s.users.findById(user.id);
      assert.equal(after!.emailKey, 'owner@example.com');
      assert.equal(after!.tokenVersion, user.tokenVersion + 1);
      await assert.rejects(
        s.confirmReset.confirm(intruderReset, 'intruder-pw-1', '10.29.0.3'),
        rejectsWith('invalid_token'),
      );
      await assert.rejects(s.undoChange.undo(change.undo, '10.29.0.2'), rejectsWith('already_used'));
    });

    it('undo whose old address was taken meanwhile: email_taken, nothing changes, it can be retried', async () => {
      const user = await account('left@example.com');
      const change = await requestChange(user, 'arrived@example.com');
      await s.confirmChange.byToken(change.token, '10.30.0.1');
      const squatter = await account('left@example.com');
      await assert.rejects(s.undoChange.undo(change.undo, '10.30.0.2'), rejectsWith('email_taken'));
      const after = await s.users.findById(user.id);
      assert.equal(after!.emailKey, 'arrived@example.com');
      assert.equal(after!.tokenVersion, user.tokenVersion);
      assert.equal((await s.users.findById(squatter.id))!.emailKey, 'left@example.com');
      await s.db.query('DELETE FROM users WHERE id = $1', [squatter.id]);
      assert.equal(await s.undoChange.undo(change.undo, '10.30.0.3'), 'left@example.com');
    });

    it('an undo link past its 7 days is invalid_token', async () => {
      const user = await account('slow@example.com');
      const change = await requestChange(user, 'slow.new@example.com');
      await s.db.query(
        "UPDATE email_changes SET undo_expires_at = now() - interval '1 second' WHERE user_id = $1",
        [user.id],
      );
      await assert.rejects(s.undoChange.undo(change.undo, '10.31.0.1'), rejectsWith('invalid_token'));
    });

    it('an expired pending signup frees its address: a new signup for it works', async () => {
      await s.create.create(
        { name: 'Early', email: 'expired@example.com', password: 'password-early' },
        ctx(),
      );
      const stale = tokenOf(s.outbox.last('expired@example.com').secrets!.link);
      await s.db.query(
        "UPDATE pending_signups SET expires_at = now() - interval '1 second' WHERE email_key = 'expired@example.com'",
      );
      await s.create.create(
        { name: 'Later', email: 'expired@example.com', password: 'password-later' },
        ctx(),
      );
      const fresh = tokenOf(s.outbox.last('expired@example.com').secrets!.link);
      assert.notEqual(fresh, stale);
      await assert.rejects(s.verify.byToken(stale, '10.32.0.1'), rejectsWith('invalid_token'));
      assert.equal((await s.verify.byToken(fresh, '10.32.0.1')).name, 'Later');
      assert.equal(
        (await s.login.login({ email: 'expired@example.com', password: 'password-later' }, '10.32.0.2'))
          .tokenType,
        'Bearer',
      );
    });

    it('the sweeper deletes resets past 30 minutes and changes past their undo window', async () => {
      const user = await account('sweep@example.com');
      await resetToken('sweep@example.com');
      await requestChange(user, 'sweep.new@example.com');
      await s.db.query(
        "UPDATE password_resets SET expires_at = now() - interval '1 minute' WHERE user_id = $1",
        [user.id],
      );
      await s.db.query(
        "UPDATE email_changes SET undo_expires_at = now() - interval '1 minute' WHERE user_id = $1",
        [user.id],
      );
      assert.ok((await s.sweeper.sweep()) >= 2);
      assert.equal(
        (await s.db.query('SELECT 1 FROM password_resets WHERE user_id = $1', [user.id])).length,
        0,
      );
      assert.equal((await s.db.query('SELECT 1 FROM email_changes WHERE user_id = $1', [user.id])).length, 0);
    });

    it('a failing outbox leaves nothing half-written (503)', async () => {
      const user = await account('fragile@example.com');
      s.outbox.failNext = true;
      await assert.rejects(
        s.requestReset.request('fragile@example.com', ctx()),
        rejectsWith('service_unavailable'),
      );
      s.outbox.failNext = true;
      await assert.rejects(
        s.changeEmail.request(user, { email: 'fragile.new@example.com', password: 'password-123' }),
        rejectsWith('service_unavailable'),
      );
      assert.equal(
        (await s.db.query("SELECT 1 FROM password_resets WHERE email_key = 'fragile@example.com'")).length,
        0,
      );
      assert.equal((await s.db.query('SELECT 1 FROM email_changes WHERE user_id = $1', [user.id])).length, 0);
    });
  });
}

accountContract('pglite', false);
accountContract('postgres', skipWithout('postgres'));
