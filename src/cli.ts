#!/usr/bin/env node
// First: V8 settings for a small heap in a `mailbox` process, before anything else is loaded.
import './cli.heap';
import { existsSync, readFileSync } from 'node:fs';
import { parseEnv as parseDotenv } from 'node:util';
import type { Logger } from 'pino';
import type { RunningApp } from './app';
import { createLogger } from './common/logging/logger';
import { type AppConfig, ConfigError, loadConfig } from './config/config';
import type { MailboxEndpoint } from './modules/mailbox/mailbox.port';
import { type Role, roleParts, ROLES } from './roles';

// The application (Nest, every module, the AWS SDK…) is loaded only once a role is chosen, so usage,
// --help and a bad setting answer at once.
const loadApp = () => import('./app.js');

const USAGE = `usage: mailgate [api | worker | mailbox | migrate]

  (none)    everything in one process: API, worker and dev mailbox (npm start)
  api       the HTTP API only (signup, /emails, /health); enqueues mail, sends none
  worker    mail delivery only (BullMQ consumer in the distributed profile), /health on PORT
  mailbox   the dev mailbox only: SMTP, POP3, IMAP and the web inbox (/mailbox), no database
  migrate   bring the database schema up to date, then exit

Settings come from the environment and .env (see README). DATABASE_URL and REDIS_URL select the
distributed profile, where any number of api and worker processes share PostgreSQL and Redis.
`;

/** `.env` fills in what the real environment leaves unset; the environment always wins. */
function readDotenv(): NodeJS.ProcessEnv {
  if (!existsSync('.env')) return process.env;
  return { ...parseDotenv(readFileSync('.env', 'utf8')), ...process.env };
}

function fail(line: string, code = 1): never {
  process.stderr.write(`mailgate: ${line}\n`);
  process.exit(code);
}

function readConfig(): AppConfig {
  try {
    return loadConfig(readDotenv());
  } catch (err) {
    if (err instanceof ConfigError) fail(`invalid setting ${err.message}`);
    throw err;
  }
}

/** The role a command line asks for, or undefined after printing usage. */
function parseRole(args: string[]): Role | 'migrate' | undefined {
  const [command, ...rest] = args;
  if (command === undefined) return 'all';
  if (command === '-h' || command === '--help' || command === 'help') {
    process.stdout.write(USAGE);
    process.exit(0);
  }
  if (rest.length === 0 && (command === 'migrate' || (ROLES as readonly string[]).includes(command)))
    return command === 'all' ? 'all' : (command as Role | 'migrate');
  process.stderr.write(`mailgate: unknown command "${args.join(' ')}"\n\n${USAGE}`);
  return undefined;
}

async function runMigrate(config: AppConfig, log: Logger): Promise<void> {
  try {
    const { openDatabase } = await loadApp();
    const db = await openDatabase(config, log); // applies pending migrations under an advisory lock
    await db.close();
  } catch (err) {
    fail(`migration failed: ${(err as Error).message.split('\n')[0]}`);
  }
  process.exit(0);
}

/** SIGTERM/SIGINT: drain and close, then exit 0; a second signal or a stuck close exits 1. */
function exitOnSignals(running: RunningApp, log: Logger, drainMs: number): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      log.warn({ signal }, 'second signal: exiting without waiting');
      process.exit(1);
    }
    stopping = true;
    log.info({ signal, role: running.role }, 'shutting down');
    // The worker gets WORKER.drainMs for sends in flight; past that plus a margin, something hangs.
    setTimeout(() => {
      log.error('shutdown did not finish in time: exiting');
      process.exit(1);
    }, drainMs + 10_000).unref();
    running.close().then(
      () => {
        log.info('stopped');
        process.exit(0);
      },
      (err: unknown) => {
        log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

/** The dev mailbox's listeners, when this process runs it (their ports may have been 0). */
function mailboxOf(running: RunningApp, token: symbol): MailboxEndpoint | undefined {
  if (!roleParts(running.role).mailbox || !running.runtime.config.mailbox.enabled) return undefined;
  return running.app.get<symbol, MailboxEndpoint>(token, { strict: false });
}

async function main(): Promise<void> {
  const role = parseRole(process.argv.slice(2));
  if (role === undefined) process.exit(2);
  const config = readConfig();
  const log = createLogger(config.logLevel);
  if (role === 'migrate') return runMigrate(config, log);
  if (role === 'mailbox' && !config.mailbox.enabled) fail('the mailbox role needs MAILBOX=on');
  if ((role === 'api' || role === 'worker') && config.profile === 'embedded')
    log.warn(
      { role },
      'running one role on the embedded profile: its database is this process’s alone, so no other process can share its work (set DATABASE_URL and REDIS_URL)',
    );
  const { startApp, WORKER_DRAIN_MS, MAILBOX_ENDPOINT } = await loadApp();
  const running = await startApp(config, log, role);
  exitOnSignals(running, log, WORKER_DRAIN_MS);
  const mailbox = mailboxOf(running, MAILBOX_ENDPOINT);
  log.info(
    {
      role,
      url: running.url,
      profile: config.profile,
      dataDir: config.dataDir,
      ...(mailbox
        ? { smtp: mailbox.smtpAddress(), pop3: mailbox.pop3Address(), imap: mailbox.imapAddress() }
        : {}),
    },
    'mailgate is listening',
  );
  if (config.apiKeyGenerated && role !== 'worker' && role !== 'mailbox')
    log.info({ apiKey: config.apiKeys[0] }, 'development API key for POST /emails');
}

main().catch((err: unknown) => {
  process.stderr.write(`mailgate: failed to start: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
