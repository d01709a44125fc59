import { rmSync } from 'node:fs';
import path from 'node:path';
import { createLogger } from '../../src/common/logging/logger';
import { type AppConfig, loadConfig } from '../../src/config/config';
import type { Db } from '../../src/infra/db/db.port';
import { migrate } from '../../src/infra/db/migrator';
import { coreMigrations } from '../../src/infra/db/migrations';
import { PgDb } from '../../src/infra/db/pg.db';
import { PgliteDb } from '../../src/infra/db/pglite.db';
import { MetricsService } from '../../src/modules/metrics/metrics.service';
import { SqlRateLimiter } from '../../src/modules/rate-limit/sql.rate-limiter';
import { CreateSignupService } from '../../src/modules/signup/create-signup/create-signup.service';
import { SqlPendingSignupStore } from '../../src/modules/signup/database/sql.pending-signup.store';
import { SqlUserRepository } from '../../src/modules/signup/database/sql.user.repository';
import { AccessTokens } from '../../src/modules/signup/domain/access-token';
import { PasswordHasher } from '../../src/modules/signup/domain/password.hasher';
import { LoginService } from '../../src/modules/signup/login/login.service';
import { SignupMailer } from '../../src/modules/signup/notifications/signup.mailer';
import { ResendVerificationService } from '../../src/modules/signup/resend-verification/resend-verification.service';
import { VerifyEmailService } from '../../src/modules/signup/verify-email/verify-email.service';
import { tempDataDir } from '../support/app';
import { freshPostgresDatabase } from '../support/services';
import { FakeOutbox } from './fake-outbox';

export type Store = 'pglite' | 'postgres';

/** The embedded store from the test template, or a fresh PostgreSQL database (pool of 10, READ COMMITTED). */
async function openStore(store: Store, dataDir: string): Promise<{ db: Db; drop: () => Promise<void> }> {
  if (store === 'pglite') return { db: await PgliteDb.open(path.join(dataDir, 'db')), drop: async () => {} };
  const fresh = await freshPostgresDatabase();
  const db = await PgDb.open(fresh.url);
  await migrate(db, coreMigrations);
  return { db, drop: fresh.drop };
}

/** The signup services wired by hand over a real embedded database and a fake outbox. */
export async function signupServices(store: Store, env: Record<string, string> = {}) {
  const dataDir = await tempDataDir();
  const config: AppConfig = loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir, ...env });
  const { db, drop } = await openStore(store, dataDir);
  const log = createLogger('silent');
  const limiter = new SqlRateLimiter(db, config.keys.lookup, config.rateLimit);
  const pending = new SqlPendingSignupStore(db);
  const users = new SqlUserRepository(db);
  const hasher = new PasswordHasher();
  const outbox = new FakeOutbox();
  const mailer = new SignupMailer(config, outbox);
  const tokens = new AccessTokens(config.keys.jwt);
  const metrics = new MetricsService();
  return {
    config,
    db,
    outbox,
    pending,
    users,
    create: new CreateSignupService(config, db, log, limiter, pending, users, hasher, mailer, metrics),
    verify: new VerifyEmailService(config, db, log, limiter, pending, users, metrics),
    resend: new ResendVerificationService(config, db, limiter, pending, mailer),
    login: new LoginService(limiter, users, hasher, tokens),
    close: async () => {
      await db.close();
      await drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export type Services = Awaited<ReturnType<typeof signupServices>>;

/** The token from a verify mail's link. */
export function tokenOf(link: string): string {
  return new URL(link).searchParams.get('signupVerifyToken') ?? '';
}
