import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createLogger } from '../../src/common/logging/logger';
import type { Db, Queryable } from '../../src/infra/db/db.port';
import { MailOutboxService } from '../../src/modules/mail/outbox/mail-outbox.service';
import { OutboxStore } from '../../src/modules/mail/outbox/outbox.store';
import { PollingMailQueue } from '../../src/modules/mail/queue/polling.mail-queue';
import { MetricsService } from '../../src/modules/metrics/metrics.service';
import { SqlRateLimiter } from '../../src/modules/rate-limit/sql.rate-limiter';
import { CreateSignupService } from '../../src/modules/signup/create-signup/create-signup.service';
import { SqlPasswordResetStore } from '../../src/modules/signup/database/sql.password-reset.store';
import { SqlPendingSignupStore } from '../../src/modules/signup/database/sql.pending-signup.store';
import { PasswordHasher } from '../../src/modules/signup/domain/password.hasher';
import { AccountMailer } from '../../src/modules/signup/notifications/account.mailer';
import { SignupMailer } from '../../src/modules/signup/notifications/signup.mailer';
import { RequestPasswordResetService } from '../../src/modules/signup/password-reset/request-password-reset.service';
import { ResendVerificationService } from '../../src/modules/signup/resend-verification/resend-verification.service';
import { tokenOf } from '../signup/services';
import { skipWithout } from '../support/services';
import { type AccountServices, accountServices } from './services';

/**
 * The anti-enumeration answers do the same database work for an address that gets a mail and one
 * that does not, through the real outbox. A password reset and a signup run exactly the same
 * statements and leave the same rows for an account and for no account (their mail's send guard
 * decides later, in the worker), and so does resend-verification. Their timing is measured in bench/reset-timing.bench.ts; this is the property behind it.
 */

/** Passes everything through and writes down each statement's text, transactions included. */
class RecordingDb implements Db {
  statements: string[] = [];

  constructor(private readonly inner: Db) {}

  private record(sql: string): void {
    this.statements.push(sql.replace(/\s+/g, ' ').trim());
  }

  query<R = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<R[]> {
    this.record(sql);
    return this.inner.query<R>(sql, params);
  }

  exec(sql: string): Promise<void> {
    return this.inner.exec(sql);
  }

  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    return this.inner.transaction((tx) =>
      fn({
        query: <R>(sql: string, params?: unknown[]) => {
          this.record(sql);
          return tx.query<R>(sql, params);
        },
        exec: (sql) => tx.exec(sql),
        afterCommit: tx.afterCommit && ((cb) => tx.afterCommit!(cb)),
      }),
    );
  }

  ping(): Promise<void> {
    return this.inner.ping();
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}

let ipSeq = 0;
const ctx = () => ({ ip: `10.40.0.${++ipSeq % 250}`, locale: 'en' as const });

function equalWork(store: 'pglite' | 'postgres', skip: false | string) {
  describe(`the same work for every address, on ${store}`, { skip }, () => {
    let s: AccountServices;
    let db: RecordingDb;
    let reset: RequestPasswordResetService;
    let resend: ResendVerificationService;
    let signup: CreateSignupService;
    let wakes = 0;
    before(async () => {
      s = await accountServices(store, { RATE_LIMIT: 'off' });
      db = new RecordingDb(s.db);
      const queue = new PollingMailQueue();
      queue.onWork(() => wakes++);
      const outbox = new MailOutboxService(new OutboxStore(s.config, db), queue);
      const limiter = new SqlRateLimiter(s.db, s.config.keys.lookup, s.config.rateLimit);
      reset = new RequestPasswordResetService(
        s.config,
        db,
        createLogger('silent'),
        limiter,
        new SqlPasswordResetStore(db),
        new AccountMailer(s.config, outbox),
      );
      resend = new ResendVerificationService(s.config, db, limiter, new SignupMailer(s.config, outbox));
      signup = new CreateSignupService(
        s.config,
        db,
        createLogger('silent'),
        limiter,
        new SqlPendingSignupStore(db),
        new PasswordHasher(),
        new SignupMailer(s.config, outbox),
        new MetricsService(),
      );
    });
    after(async () => {
      await s.close();
    });

    /**
     * The statements `run` issued, the messages it left for `to`, and whether it woke the worker
     * (neither answer does: the poll finds the mail, so nothing after the answer differs either).
     */
    async function observe(to: string, run: () => Promise<void>) {
      const count = async () =>
        (
          await s.db.query<{ n: number }>('SELECT count(*)::int AS n FROM messages WHERE to_addr = $1', [to])
        )[0].n;
      const before = await count();
      db.statements = [];
      wakes = 0;
      await run();
      await new Promise((resolve) => setImmediate(resolve));
      return { statements: db.statements, messages: (await count()) - before, wakes };
    }

    it('password reset: an account and an address without one, each asked for twice', async () => {
      const known = 'equal.known@example.com';
      const unknown = 'equal.unknown@example.com';
      await s.create.create({ name: 'Ada', email: known, password: 'password-123' }, ctx());
      await s.verify.byToken(tokenOf(s.outbox.last(known).secrets!.link), '10.41.0.1');

      await reset.request(known, ctx());
      await reset.request(unknown, ctx());
      const mailed = await observe(known, () => reset.request(known, ctx()));
      const silent = await observe(unknown, () => reset.request(unknown, ctx()));
      assert.deepEqual(silent.statements, mailed.statements, 'identical statements, no exception');
      assert.ok(
        !mailed.statements.some((q) => /SAVEPOINT|FROM users/.test(q)),
        `no savepoint, no account lookup: ${mailed.statements.join(' | ')}`,
      );
      assert.ok(mailed.statements.some((q) => q.startsWith('INSERT INTO messages')));
      assert.deepEqual([mailed.messages, silent.messages], [1, 1], 'both keep their mail');
      assert.deepEqual([mailed.wakes, silent.wakes], [0, 0]);

      // The second request revoked the first's row in both cases: the same rows changed too.
      for (const email of [known, unknown]) {
        const states = await s.db.query<{ state: string }>(
          'SELECT state FROM password_resets WHERE email_key = $1 ORDER BY created_at, state',
          [email],
        );
        assert.deepEqual(
          states.map((r) => r.state).sort(),
          ['pending', 'revoked'],
          `${email}: the older request revoked`,
        );
        const [{ n }] = await s.db.query<{ n: number }>(
          'SELECT count(*)::int AS n FROM password_resets WHERE email_key = $1 AND user_id IS NOT NULL',
          [email],
        );
        assert.equal(n, 0, `${email}: bound to no account by the request`);
      }
    });

    it('signup: a new address and one with an account', async () => {
      const owner = 'equal.owner@example.com';
      const fresh = 'equal.fresh@example.com';
      await s.create.create({ name: 'Cy', email: owner, password: 'password-123' }, ctx());
      await s.verify.byToken(tokenOf(s.outbox.last(owner).secrets!.link), '10.41.0.2');

      const attempt = (email: string) => () =>
        signup.create({ name: 'Dee', email, password: 'password-456' }, ctx());
      const existing = await observe(owner, attempt(owner));
      const created = await observe(fresh, attempt(fresh));
      assert.deepEqual(existing.statements, created.statements, 'identical statements, no exception');
      assert.ok(
        !created.statements.some((q) => /SAVEPOINT|FROM users/.test(q)),
        `no savepoint, no account lookup: ${created.statements.join(' | ')}`,
      );
      for (const insert of ['INSERT INTO messages', 'INSERT INTO pending_signups'])
        assert.ok(
          created.statements.some((q) => q.startsWith(insert)),
          `${insert}: ${created.statements.join(' | ')}`,
        );
      assert.deepEqual([existing.messages, created.messages], [1, 1], 'both keep their mail');
      assert.deepEqual([existing.wakes, created.wakes], [1, 1], 'both wake the worker');
      for (const email of [owner, fresh]) {
        const [{ n }] = await s.db.query<{ n: number }>(
          "SELECT count(*)::int AS n FROM pending_signups WHERE email_key = $1 AND state = 'pending'",
          [email],
        );
        assert.equal(n, 1, `${email}: one pending challenge, until the mail's guard decides`);
      }
    });

    it('resend-verification: a pending signup and an address with nothing pending', async () => {
      const pending = 'equal.pending@example.com';
      await s.create.create({ name: 'Bo', email: pending, password: 'password-123' }, ctx());
      const mailed = await observe(pending, () => resend.resend(pending, ctx()));
      const silent = await observe('equal.nothing@example.com', () =>
        resend.resend('equal.nothing@example.com', ctx()),
      );
      assert.deepEqual(silent.statements, mailed.statements, 'identical statements, no exception');
      assert.ok(
        !mailed.statements.some((q) => /SAVEPOINT|pending_signups|FROM users/.test(q)),
        `no savepoint, no pending or account lookup: ${mailed.statements.join(' | ')}`,
      );
      assert.ok(mailed.statements.some((q) => q.startsWith('INSERT INTO messages')));
      assert.deepEqual([mailed.messages, silent.messages], [1, 1], 'both keep their mail');
      assert.deepEqual([mailed.wakes, silent.wakes], [0, 0]);
      const [{ n }] = await s.db.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM pending_signups WHERE email_key = $1 AND state = 'pending'",
        [pending],
      );
      assert.equal(n, 1, 'nothing rotated or revoked by the request');
    });
  });
}

equalWork('pglite', false);
equalWork('postgres', skipWithout('postgres'));
