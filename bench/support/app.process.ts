import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Migration } from '../../src/infra/db/migrator';
import { seedEmbeddedDb } from '../../test/support/db-template';
import { freePort, ROOT, type ServerProcess, startServerProcess, withOwnedDataDir } from './child.process';

export interface MailgateOptions {
  /** How the app delivers mail: its own dev mailbox, or SMTP to `smtpUrl`. */
  transport: 'mailbox' | 'smtp';
  smtpUrl?: string;
  /** libuv's pool size; argon2 hashes run there, so it bounds signup throughput with the core count. */
  threadpool: number;
  logDir: string;
  /** Loads bench/children/profile.preload so the bench can profile the measured window (--profile). */
  profile?: boolean;
  /** The dev mailbox in this process (default on). Off for an API process that mails another one. */
  mailbox?: boolean;
  /** The dev mailbox's SMTP port (default: any free one, which the bench then cannot address). */
  mailboxSmtpPort?: number;
  /** Names the process and its log file (default `mailgate-<transport>`). */
  role?: string;
  /** API_KEYS, for benchmarks that call POST /emails (otherwise one is generated and printed). */
  apiKey?: string;
  /** Another checkout whose built `dist/src/main.js` to run (an A/B against a baseline); this one by default. */
  appRoot?: string;
  /** Extra `node` options for the app (e.g. `--max-semi-space-size=…`), before the script. */
  nodeArgs?: string[];
}

/**
 * The schema of the checkout that runs: a baseline built from another commit must start on its own
 * migrations, not on this checkout's (a database migrated ahead of its code refuses its writes).
 */
function appMigrations(appRoot: string | undefined): readonly Migration[] | undefined {
  if (appRoot === undefined) return undefined;
  const file = path.resolve(appRoot, 'dist/src/infra/db/migrations/index.js');
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- another checkout's build, chosen at run time
  return (require(file) as { coreMigrations: readonly Migration[] }).coreMigrations;
}

/**
 * mailgate as `npm start` runs it (node dist/src/main.js), with a fresh DATA_DIR, free ports and
 * rate limits off, in its own process. Logs at `warn` so the access log does not become the
 * thing measured; the log file stays in `logDir` for inspection.
 */
export async function startMailgate(opts: MailgateOptions): Promise<ServerProcess> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'mailgate-bench-'));
  await seedEmbeddedDb(path.join(dataDir, 'db'), appMigrations(opts.appRoot));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env: Record<string, string> = {
    NODE_ENV: 'development',
    HOST: '127.0.0.1',
    PORT: String(port),
    PUBLIC_URL: url,
    DATA_DIR: dataDir,
    MAIL_TRANSPORT: opts.transport,
    MAILBOX: opts.mailbox === false ? 'off' : 'on',
    MAILBOX_HOST: '127.0.0.1',
    MAILBOX_SMTP_PORT: String(opts.mailboxSmtpPort ?? 0),
    MAILBOX_POP3_PORT: '0',
    MAILBOX_IMAP_PORT: '0',
    RATE_LIMIT: 'off',
    LOG_LEVEL: 'warn',
    UV_THREADPOOL_SIZE: String(opts.threadpool),
  };
  if (opts.smtpUrl) env.SMTP_URL = opts.smtpUrl;
  if (opts.apiKey) env.API_KEYS = opts.apiKey;
  if (opts.profile) env.BENCH_PROFILE_DIR = opts.logDir;
  const name = `mailgate-${opts.role ?? opts.transport}`;
  return withOwnedDataDir(dataDir, () =>
    startServerProcess({
      name,
      script: path.join(opts.appRoot ?? ROOT, 'dist', 'src', 'main.js'),
      env,
      url,
      readyPath: '/health',
      logFile: path.join(opts.logDir, `${name}-${port}.log`),
      nodeArgs: [
        ...(opts.nodeArgs ?? []),
        // e.g. BENCH_NODE_ARGS=--perf-basic-prof, to read the app's JIT frames in `perf record`.
        ...(process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? []),
        ...(opts.profile ? ['-r', path.join(ROOT, 'dist', 'bench', 'children', 'profile.preload.js')] : []),
      ],
    }),
  );
}
