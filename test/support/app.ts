import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type RunningApp, startApp } from '../../src/app';
import type { Runtime } from '../../src/core/core.module';
import type { Role } from '../../src/roles';
import type { Db } from '../../src/infra/db/db.port';
import { createLogger } from '../../src/common/logging/logger';
import { loadConfig } from '../../src/config/config';
import { seedEmbeddedDb } from './db-template';

export interface TestApp extends RunningApp {
  /** The whole service runs here, so its database is always open. */
  runtime: Runtime & { db: Db };
  dataDir: string;
  /** Stops the app; the data directory stays until `destroy` so a restart can reuse it. */
  stop(): Promise<void>;
  /** Stops the app and deletes its data directory. */
  destroy(): Promise<void>;
}

/** A fresh DATA_DIR whose embedded database is already initialised (see db-template.ts). */
export async function tempDataDir(): Promise<string> {
  const dir = mkdtempSync(path.join(tmpdir(), 'mailgate-test-'));
  await seedEmbeddedDb(path.join(dir, 'db'));
  return dir;
}

/**
 * Starts the whole service (or one `role` of it that opens the database: `api`, `worker`) in this
 * process on free ports (0) with its own DATA_DIR, as `npm start` would with those settings. Rate
 * limits are on unless a test turns them off.
 */
export async function startTestApp(
  env: Record<string, string> = {},
  dir?: string,
  role: Role = 'all',
): Promise<TestApp> {
  const dataDir = dir ?? (await tempDataDir());
  const config = loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    PORT: '0',
    MAILBOX_SMTP_PORT: '0',
    MAILBOX_POP3_PORT: '0',
    MAILBOX_IMAP_PORT: '0',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    ...env,
  });
  const running = await startApp(config, createLogger(config.logLevel), role);
  const { db } = running.runtime;
  if (!db) throw new Error('startTestApp: the service started without a database');
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await running.close();
  };
  return {
    ...running,
    runtime: { ...running.runtime, db },
    dataDir,
    stop,
    destroy: async () => {
      await stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
