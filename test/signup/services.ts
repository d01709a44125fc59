import { rmSync } from 'node:fs';
import path from 'node:path';
import { createLogger } from '../../src/common/logging/logger';
import { type AppConfig, loadConfig } from '../../src/config/config';
import type { Db, Queryable } from '../../src/infra/db/db.port';
import type { Redis } from '../../src/infra/redis/redis';
import { migrate } from '../../src/infra/db/migrator';
import { coreMigrations } from '../../src/infra/db/migrations';
import { PgDb } from '../../src/infra/db/pg.db';
import { PgliteDb } from '../../src/infra/db/pglite.db';
import type { SendVerdict, TemplateMail } from '../../src/modules/mail/mail.port';
import { SendGuardRegistry } from '../../src/modules/mail/send-guard.registry';
import { MetricsService } from '../../src/modules/metrics/metrics.service';
import type { RateLimiter } from '../../src/modules/rate-limit/rate-limit.port';
import { RedisRateLimiter } from '../../src/modules/rate-limit/redis.rate-limiter';
import { SqlRateLimiter } from '../../src/modules/rate-limit/sql.rate-limiter';
import { CreateSignupService } from '../../src/modules/signup/create-signup/create-signup.service';
import { SignupVerifySendGuard } from '../../src/modules/signup/create-signup/signup-verify.send-guard';
import type { PendingSignupStore } from '../../src/modules/signup/database/pending-signup.store';
import { RedisPendingSignupStore } from '../../src/modules/signup/database/redis.pending-signup.store';
import { SqlPendingSignupStore } from '../../src/modules/signup/database/sql.pending-signup.store';
import { SqlUserRepository } from '../../src/modules/signup/database/sql.user.repository';
import { AccessTokens } from '../../src/modules/signup/domain/access-token';
import { challengeSlot } from '../../src/modules/signup/domain/challenge.secrets';
import { PasswordHasher } from '../../src/modules/signup/domain/password.hasher';
import { LoginService } from '../../src/modules/signup/login/login.service';
import { SignupMailer } from '../../src/modules/signup/notifications/signup.mailer';
import { ResendVerificationService } from '../../src/modules/signup/resend-verification/resend-verification.service';
import { VerifyEmailService } from '../../src/modules/signup/verify-email/verify-email.service';
import { tempDataDir } from '../support/app';
import { redisForTest } from '../support/redis';
import { freshPostgresDatabase } from '../support/services';
import { FakeOutbox } from './fake-outbox';

/** Where pending signups and rate limits live: the embedded store, PostgreSQL, or Redis next to PostgreSQL. */
export type Store = 'pglite' | 'postgres' | 'redis';

/**
 * A Db whose next transaction fails after its work succeeded, as a lost connection at COMMIT
 * would: everything in it rolls back, while a store outside it (Redis) has already written.
 */
export class FlakyDb implements Db {
  failNextCommit = false;

  constructor(private readonly inner: Db) {}

  exec(sql: string): Promise<void> {
    return this.inner.exec(sql);
  }

  /** Outside a transaction a statement is its own commit: it fails without running. */
  query<R = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<R[]> {
    if (this.failNextCommit && /^\s*(INSERT|UPDATE|DELETE)/i.test(sql)) {
      this.failNextCommit = false;
      return Promise.reject(new Error('connection lost at commit'));
    }
    return this.inner.query<R>(sql, params);
  }

  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    return this.inner.transaction(async (tx) => {
      const result = await fn(tx);
      if (this.failNextCommit) {
        this.failNextCommit = false;
        throw new Error('connection lost at commit');
      }
      return result;
    });
  }

  ping(): Promise<void> {
    return this.inner.ping();
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}

/** A pending record as a test sees it, whichever store holds it. */
export interface PendingView {
  state: string;
  email: string;
  emailDisplay: string;
  passwordHash: string;
  /** Everything stored, for "no secret in clear" checks. */
  dump: string;
}

/** Looks into the pending store from outside, the same way for every adapter. */
export interface PendingProbe {
  records(emailKey: string): Promise<PendingView[]>;
  /** Makes the address's codes (or whole challenges) expired. */
  expire(emailKey: string, what: 'code' | 'link'): Promise<void>;
}

function sqlProbe(db: Db): PendingProbe {
  return {
    records: async (emailKey) => {
      const rows = await db.query<Record<string, unknown>>(
        'SELECT * FROM pending_signups WHERE email_key = $1',
        [emailKey],
      );
      return rows.map((r) => ({
        state: String(r.state),
        email: String(r.email),
        emailDisplay: String(r.email_display),
        passwordHash: String(r.password_hash),
        dump: JSON.stringify(r),
      }));
    },
    expire: async (emailKey, what) => {
      const column = what === 'code' ? 'code_expires_at' : 'expires_at';
      await db.query(
        `UPDATE pending_signups SET ${column} = now() - interval '1 second' WHERE email_key = $1`,
        [emailKey],
      );
    },
  };
}

function redisProbe(r: Awaited<ReturnType<typeof redisForTest>>): PendingProbe {
  // The store's key layout: the address's keys share the hash tag of its slot.
  const base = (emailKey: string) => `${r.prefix}signup:{${challengeSlot(emailKey)}}:`;
  const ids = (emailKey: string) => r.redis.zrange(`${base(emailKey)}addr:${emailKey}`, 0, -1);
  return {
    records: async (emailKey) => {
      const out: PendingView[] = [];
      for (const id of await ids(emailKey)) {
        const f = await r.redis.hgetall(`${base(emailKey)}rec:${id}`);
        if (!f.id) continue;
        out.push({
          state: f.state,
          email: f.email,
          emailDisplay: f.emailDisplay,
          passwordHash: f.passwordHash,
          dump: JSON.stringify(f),
        });
      }
      return out;
    },
    // The TTL keys go at once, as they would at their expiry (a code only has a field).
    expire: async (emailKey, what) => {
      for (const id of await ids(emailKey)) {
        const rec = `${base(emailKey)}rec:${id}`;
        if (what === 'code') {
          await r.redis.hset(rec, 'codeExpiresAt', Date.now() - 1000);
          continue;
        }
        const tokenHash = await r.redis.hget(rec, 'tokenHash');
        await r.redis.del(rec, `${base(emailKey)}tok:${tokenHash}`);
      }
    },
  };
}

interface Stores {
  db: Db;
  limiter: RateLimiter;
  pending: PendingSignupStore;
  probe: PendingProbe;
  /** The Redis connection and key prefix, for the redis store. */
  redis?: { client: Redis; prefix: string };
  drop: () => Promise<void>;
}

/**
 * The embedded store from the test template, a fresh PostgreSQL database (pool of 10, READ
 * COMMITTED), or that plus Redis under a key prefix of its own (the distributed profile).
 */
async function openStores(store: Store, dataDir: string, config: AppConfig): Promise<Stores> {
  if (store === 'pglite') {
    const db = await PgliteDb.open(path.join(dataDir, 'db'));
    const limiter = new SqlRateLimiter(db, config.keys.lookup, config.rateLimit);
    return { db, limiter, pending: new SqlPendingSignupStore(db), probe: sqlProbe(db), drop: async () => {} };
  }
  const fresh = await freshPostgresDatabase();
  const db = await PgDb.open(fresh.url);
  await migrate(db, coreMigrations);
  if (store === 'postgres') {
    const limiter = new SqlRateLimiter(db, config.keys.lookup, config.rateLimit);
    return { db, limiter, pending: new SqlPendingSignupStore(db), probe: sqlProbe(db), drop: fresh.drop };
  }
  const r = await redisForTest();
  return {
    db,
    limiter: new RedisRateLimiter(r.redis, r.prefix, config.keys.lookup, config.rateLimit),
    pending: new RedisPendingSignupStore(r.redis, r.prefix),
    probe: redisProbe(r),
    redis: { client: r.redis, prefix: r.prefix },
    drop: async () => {
      await r.cleanup();
      await fresh.drop();
    },
  };
}

/** The signup services wired by hand over real stores and a fake outbox. */
export async function signupServices(store: Store, env: Record<string, string> = {}) {
  const dataDir = await tempDataDir();
  const config: AppConfig = loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir, ...env });
  const stores = await openStores(store, dataDir, config);
  const db = new FlakyDb(stores.db);
  const { limiter, pending, probe } = stores;
  const log = createLogger('silent');
  const users = new SqlUserRepository(db);
  const hasher = new PasswordHasher();
  const outbox = new FakeOutbox();
  const mailer = new SignupMailer(config, outbox);
  const tokens = new AccessTokens(config.keys.jwt);
  const metrics = new MetricsService();
  const verifyGuard = new SignupVerifySendGuard(db, new SendGuardRegistry(), limiter, pending, users, mailer);
  return {
    config,
    db,
    outbox,
    pending,
    probe,
    redis: stores.redis,
    users,
    create: new CreateSignupService(config, db, log, limiter, pending, hasher, mailer, metrics),
    /** What the worker does just before sending a signup-verify mail: asks its guard. */
    guardVerify: (mail: TemplateMail): Promise<SendVerdict> =>
      verifyGuard.check({
        id: 'not-stored',
        to: mail.to.address,
        template: mail.template,
        locale: mail.locale,
        data: mail.data,
      }),
    verify: new VerifyEmailService(config, db, log, limiter, pending, users, metrics),
    resend: new ResendVerificationService(config, db, limiter, mailer),
    login: new LoginService(limiter, users, hasher, tokens),
    close: async () => {
      await db.close();
      await stores.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export type Services = Awaited<ReturnType<typeof signupServices>>;

/** The token from a verify mail's link. */
export function tokenOf(link: string): string {
  return new URL(link).searchParams.get('signupVerifyToken') ?? '';
}
