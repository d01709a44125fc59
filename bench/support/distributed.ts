import { execFile } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { distributedEnv } from '../../test/support/redis';
import { freePort, ROOT, type ServerProcess, startServerProcess } from './child.process';

/**
 * The distributed profile on the machine's PostgreSQL and Redis, as the tests use them: a fresh
 * database (CREATE DATABASE, dropped afterwards) and a random REDIS_KEY_PREFIX (its keys deleted
 * afterwards; never FLUSHALL, the Redis is shared). BENCH_POSTGRES_URL / BENCH_REDIS_URL (or the
 * test suite's TEST_POSTGRES / TEST_REDIS) say where they are.
 */
export const BENCH_POSTGRES =
  process.env.BENCH_POSTGRES_URL ?? process.env.TEST_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432/test';
export const BENCH_REDIS = process.env.BENCH_REDIS_URL ?? process.env.TEST_REDIS ?? 'redis://127.0.0.1:6379';

/** Every process of one deployment shares these (tokens and sealed secrets are keyed by JWT_SECRET). */
export const JWT_SECRET = 'distributed-bench-secret-0123456789abcdef0123';

export type Role = 'api' | 'worker' | 'mailbox';

export interface Deployment {
  /** The settings every role gets (DATABASE_URL, REDIS_URL, REDIS_KEY_PREFIX, JWT_SECRET, …). */
  env: Record<string, string>;
  /**
   * Starts `node dist/src/cli.js <role>` on a free port; stopped by `close` if still running.
   * `root`: run it from that checkout's build instead (a baseline, for an A/B in one run).
   */
  start(role: Role, extra?: Record<string, string>, root?: string): Promise<ServerProcess>;
  /** Stops every process started, drops the database, deletes the prefix's keys. */
  close(): Promise<void>;
}

/**
 * A migrated distributed deployment with no processes yet. `base` is added to every role's
 * environment (MAIL_TRANSPORT, SMTP_URL, API_KEYS, …). Logs at `warn`, rate limits off, like the other benches.
 */
export async function deployment(opts: {
  threadpool: number;
  logDir: string;
  base: Record<string, string>;
  /** --profile: every process loads bench/children/profile.preload (SIGWINCH toggles the profiler). */
  profile?: boolean;
  /** Another checkout whose build to run (an A/B against a baseline); this one by default. */
  appRoot?: string;
}): Promise<Deployment> {
  const appRoot = opts.appRoot ?? ROOT;
  const services = await distributedEnv({ postgres: BENCH_POSTGRES, redis: BENCH_REDIS });
  const dataDir = mkdtempSync(path.join(tmpdir(), 'mailgate-dist-bench-'));
  const env: Record<string, string> = {
    NODE_ENV: 'development',
    ...services.env,
    JWT_SECRET,
    DATA_DIR: dataDir,
    HOST: '127.0.0.1',
    MAILBOX_HOST: '127.0.0.1',
    MAILBOX_POP3_PORT: '0',
    MAILBOX_IMAP_PORT: '0',
    RATE_LIMIT: 'off',
    LOG_LEVEL: 'warn',
    UV_THREADPOOL_SIZE: String(opts.threadpool),
    ...opts.base,
  };
  if (opts.profile) env.BENCH_PROFILE_DIR = opts.logDir;
  const running: ServerProcess[] = [];
  const close = async () => {
    for (const p of running.reverse()) await p.stop();
    await services.cleanup();
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await promisify(execFile)(process.execPath, [path.join(appRoot, 'dist', 'src', 'cli.js'), 'migrate'], {
      env: { PATH: process.env.PATH ?? '', ...env },
    });
  } catch (err) {
    await close();
    throw err;
  }
  let n = 0;
  return {
    env,
    close,
    start: async (role, extra = {}, root = appRoot) => {
      const port = await freePort();
      const url = `http://127.0.0.1:${port}`;
      const name = `mailgate-${role}-${++n}${root === ROOT ? '' : '-baseline'}`;
      const p = await startServerProcess({
        name,
        script: path.join(root, 'dist', 'src', 'cli.js'),
        args: [role],
        env: { ...env, PORT: String(port), PUBLIC_URL: url, ...extra },
        url,
        readyPath: '/health',
        logFile: path.join(opts.logDir, `${name}-${port}.log`),
        nodeArgs: opts.profile
          ? ['-r', path.join(ROOT, 'dist', 'bench', 'children', 'profile.preload.js')]
          : [],
      });
      running.push(p);
      return p;
    },
  };
}

export const PGBENCH_MISSING = `pgbench not found on PATH: the verify benchmark compares against it.
Install PostgreSQL's client tools (Debian/Ubuntu):
  sudo apt-get install -y postgresql-client   # or postgresql-contrib on older releases`;

export function pgbenchPath(): string {
  for (const dir of (process.env.PATH ?? '/usr/bin:/bin').split(':')) {
    const candidate = path.join(dir, 'pgbench');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // next
    }
  }
  throw new Error(PGBENCH_MISSING);
}
