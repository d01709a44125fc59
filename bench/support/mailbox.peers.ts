import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { homedir, tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort, ROOT, type ServerProcess, startServerProcess, withOwnedDataDir } from './child.process';
import { ImapRawClient } from './imap.client';

/** What the mailbox-only bench server reports at GET /health (and after POST /gc). */
export interface MailboxFacts {
  smtp: { host: string; port: number };
  imap: { host: string; port: number };
  messages: number;
  memory: NodeJS.MemoryUsage;
}

export interface MailboxProcess extends ServerProcess {
  facts(gc?: boolean): Promise<MailboxFacts>;
}

/**
 * mailgate's dev mailbox alone (bench/children/mailbox.server.ts) in its own process: the store,
 * SMTP and IMAP, no PGlite or API. Started with --expose-gc so memory can be read after a full GC.
 */
export async function startMailboxOnly(opts: {
  logDir: string;
  maxMessages: number;
  /** Extra V8/Node flags and environment (the memory benchmark compares heap settings). */
  nodeArgs?: string[];
  env?: Record<string, string>;
}): Promise<MailboxProcess> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'mailgate-bench-mailbox-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const server = await withOwnedDataDir(dataDir, () =>
    startServerProcess({
      name: 'mailbox',
      script: path.join(ROOT, 'dist', 'bench', 'children', 'mailbox.server.js'),
      env: {
        NODE_ENV: 'development',
        PORT: String(port),
        DATA_DIR: dataDir,
        MAILBOX: 'on',
        MAILBOX_HOST: '127.0.0.1',
        MAILBOX_SMTP_PORT: '0',
        MAILBOX_IMAP_PORT: '0',
        MAILBOX_POP3_PORT: '0',
        MAILBOX_MAX_MESSAGES: String(opts.maxMessages),
        LOG_LEVEL: 'warn',
        ...opts.env,
      },
      url,
      readyPath: '/health',
      logFile: path.join(opts.logDir, `mailbox-${port}.log`),
      nodeArgs: ['--expose-gc', ...(opts.nodeArgs ?? [])],
    }),
  );
  const facts = async (gc = false): Promise<MailboxFacts> => {
    const res = await fetch(`${url}/${gc ? 'gc' : 'health'}`, { method: gc ? 'POST' : 'GET' });
    return (await res.json()) as MailboxFacts;
  };
  return { ...server, facts };
}

/** What the memory benchmark reads from `mailgate mailbox` (bench/children/memory.preload.ts). */
export interface MailboxRoleFacts {
  /** Messages in the bench recipient's mailbox (IMAP STATUS). */
  messages: number;
  /** Right after forced full collections. */
  afterGc: NodeJS.MemoryUsage;
  /** `restMs` after that, nothing forced meanwhile: V8's memory reducer has run. */
  atRest: NodeJS.MemoryUsage;
}

export interface MailboxRoleProcess extends ServerProcess {
  /** Its DATA_DIR (removed by stop). */
  dataDir: string;
  smtp: { host: string; port: number };
  imap: { host: string; port: number };
  facts(restMs: number): Promise<MailboxRoleFacts>;
}

/**
 * The `mailgate mailbox` role itself (`node dist/src/cli.js mailbox`: Nest, the web inbox and
 * REST API, SMTP, POP3, IMAP), as a user runs it, with a preload that reports its memory and can
 * force a full GC. The stored count is read over IMAP, as a client would.
 */
export async function startMailboxRole(opts: {
  logDir: string;
  maxMessages: number;
  /** The account whose mailbox is counted. */
  recipient: string;
  nodeArgs?: string[];
  env?: Record<string, string>;
  /** Run `mailgate mailbox` from this checkout's build instead (an A/B baseline); the preload stays ours. */
  appRoot?: string;
}): Promise<MailboxRoleProcess> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'mailgate-bench-mailbox-'));
  const [port, memoryPort, smtpPort, imapPort, pop3Port] = [
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
  ];
  const url = `http://127.0.0.1:${port}`;
  const password = 'mailgate';
  const server = await withOwnedDataDir(dataDir, () =>
    startServerProcess({
      name: 'mailgate mailbox',
      script: path.join(opts.appRoot ?? ROOT, 'dist', 'src', 'cli.js'),
      args: ['mailbox'],
      env: {
        NODE_ENV: 'development',
        HOST: '127.0.0.1',
        PORT: String(port),
        BENCH_MEMORY_PORT: String(memoryPort),
        DATA_DIR: dataDir,
        MAILBOX: 'on',
        MAILBOX_HOST: '127.0.0.1',
        MAILBOX_SMTP_PORT: String(smtpPort),
        MAILBOX_IMAP_PORT: String(imapPort),
        MAILBOX_POP3_PORT: String(pop3Port),
        MAILBOX_PASSWORD: password,
        MAILBOX_MAX_MESSAGES: String(opts.maxMessages),
        LOG_LEVEL: 'warn',
        ...opts.env,
      },
      url,
      readyPath: '/health',
      logFile: path.join(opts.logDir, `mailbox-role-${port}.log`),
      nodeArgs: [
        '--expose-gc',
        '-r',
        path.join(ROOT, 'dist', 'bench', 'children', 'memory.preload.js'),
        ...(opts.nodeArgs ?? []),
      ],
    }),
  );
  const imap = { host: '127.0.0.1', port: imapPort };
  const count = async (): Promise<number> => {
    const client = await ImapRawClient.connect(imap.host, imap.port);
    try {
      await client.ok(`LOGIN ${opts.recipient} ${password}`);
      const status = await client.ok('STATUS INBOX (MESSAGES)', true);
      const found = status.lines.map((l) => /MESSAGES (\d+)/.exec(l)?.[1]).find((n) => n !== undefined);
      if (found === undefined) throw new Error(`STATUS gave no MESSAGES: ${status.lines.join(' | ')}`);
      return Number(found);
    } finally {
      client.close();
    }
  };
  const facts = async (restMs: number): Promise<MailboxRoleFacts> => {
    const messages = await count();
    const res = await fetch(`http://127.0.0.1:${memoryPort}/gc?rest=${restMs}`, { method: 'POST' });
    const { afterGc, atRest } = (await res.json()) as Omit<MailboxRoleFacts, 'messages'>;
    return { messages, afterGc, atRest };
  };
  return { ...server, dataDir, smtp: { host: '127.0.0.1', port: smtpPort }, imap, facts };
}

/** Where MailDev is installed for the benchmark (outside the repository; see docs/benchmarks.md). */
export const MAILDEV_VERSION = '2.2.1';
export function maildevDir(): string {
  return process.env.MAILDEV_DIR ?? path.join(homedir(), '.cache', 'mailgate-bench', 'maildev');
}

export function maildevInstallHint(): string {
  const dir = maildevDir();
  return `MailDev is not installed in ${dir}; install it there (outside the repository) with:\n  mkdir -p ${dir} && cd ${dir} && npm init -y && npm install maildev@${MAILDEV_VERSION}`;
}

/** MailDev (npm) in its own process: SMTP on a free port, its web API for readiness. */
export async function startMailDev(opts: { logDir: string }): Promise<ServerProcess & { smtpPort: number }> {
  const bin = path.join(maildevDir(), 'node_modules', 'maildev', 'bin', 'maildev');
  if (!existsSync(bin)) throw new Error(maildevInstallHint());
  const mailDir = mkdtempSync(path.join(tmpdir(), 'mailgate-bench-maildev-'));
  const smtpPort = await freePort();
  const webPort = await freePort();
  const server = await withOwnedDataDir(mailDir, () =>
    startServerProcess({
      name: 'maildev',
      script: bin,
      env: {
        MAILDEV_SMTP_PORT: String(smtpPort),
        MAILDEV_WEB_PORT: String(webPort),
        MAILDEV_IP: '127.0.0.1',
        MAILDEV_WEB_IP: '127.0.0.1',
        MAILDEV_MAIL_DIRECTORY: mailDir,
      },
      url: `http://127.0.0.1:${webPort}`,
      readyPath: '/healthz',
      logFile: path.join(opts.logDir, `maildev-${smtpPort}.log`),
      nodeArgs: [],
    }),
  );
  return { ...server, smtpPort };
}

export const DOVECOT_INSTALL_HINT =
  'Dovecot is not installed: apt-get install -y dovecot-imapd (the benchmark runs its own instance with a private config; it never uses the system one)';

export interface DovecotProcess {
  pid: number;
  port: number;
  stop(): Promise<void>;
}

/**
 * A private Dovecot (Debian dovecot-imapd) run in the foreground with its own config in a temp
 * dir: one passwd-file user, a maildir holding exactly `messages`, IMAP on a free loopback port.
 * As root, Dovecot's login processes must run as another user, so its stock `dovenull`/`dovecot`
 * users are used and the maildir is given to `dovecot`; as anyone else, everything runs as that user.
 */
export async function startDovecot(opts: {
  logDir: string;
  user: string;
  password: string;
  messages: readonly Buffer[];
}): Promise<DovecotProcess> {
  const binary = ['/usr/sbin/dovecot', '/usr/local/sbin/dovecot'].find((p) => existsSync(p));
  if (!binary) throw new Error(DOVECOT_INSTALL_HINT);
  const dir = mkdtempSync(path.join(tmpdir(), 'mailgate-bench-dovecot-'));
  chmodSync(dir, 0o755);
  const home = path.join(dir, 'home');
  const maildir = path.join(home, 'Maildir');
  for (const sub of ['cur', 'new', 'tmp']) mkdirSync(path.join(maildir, sub), { recursive: true });
  const stamp = Math.floor(Date.now() / 1000);
  opts.messages.forEach((bytes, i) =>
    // Already delivered and unseen (`:2,` with no flags), the way the mailbox holds them.
    writeFileSync(path.join(maildir, 'cur', `${stamp}.M${i + 1}P1.bench,S=${bytes.length}:2,`), bytes),
  );
  const passwd = path.join(dir, 'passwd');
  writeFileSync(passwd, `${opts.user}:{PLAIN}${opts.password}::::::\n`, { mode: 0o644 });

  const root = process.getuid?.() === 0;
  const me = userInfo().username;
  const mailUser = root ? 'dovecot' : me;
  if (root) {
    execFileSync('chown', ['-R', 'dovecot:dovecot', home]);
  }
  const port = await freePort();
  const conf = path.join(dir, 'dovecot.conf');
  writeFileSync(
    conf,
    [
      'protocols = imap',
      'listen = 127.0.0.1',
      `base_dir = ${dir}/run`,
      `state_dir = ${dir}/state`,
      `log_path = ${opts.logDir}/dovecot-${port}.log`,
      'ssl = no',
      'disable_plaintext_auth = no',
      'auth_mechanisms = plain',
      `mail_location = maildir:${maildir}`,
      'first_valid_uid = 1',
      `mail_uid = ${mailUser}`,
      `mail_gid = ${mailUser}`,
      `default_internal_user = ${root ? 'dovecot' : me}`,
      `default_internal_group = ${root ? 'dovecot' : me}`,
      `default_login_user = ${root ? 'dovenull' : me}`,
      'passdb {',
      '  driver = passwd-file',
      `  args = scheme=PLAIN username_format=%u ${passwd}`,
      '}',
      'userdb {',
      '  driver = static',
      `  args = uid=${mailUser} gid=${mailUser} home=${home}`,
      '}',
      'service imap-login {',
      '  inet_listener imap {',
      '    address = 127.0.0.1',
      `    port = ${port}`,
      '  }',
      '  inet_listener imaps {',
      '    port = 0',
      '  }',
      '  chroot =',
      '}',
      'service anvil {',
      '  chroot =',
      '}',
      '',
    ].join('\n'),
  );
  mkdirSync(path.join(dir, 'state'), { recursive: true });
  const child: ChildProcess = spawn(binary, ['-F', '-c', conf], { stdio: 'ignore' });
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      for (let i = 0; i < 100 && child.exitCode === null && child.signalCode === null; i++) await sleep(50);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) break;
    if (await listening(port)) return { pid: child.pid as number, port, stop };
    await sleep(100);
  }
  const log = (() => {
    try {
      return readFileSync(`${opts.logDir}/dovecot-${port}.log`, 'utf8').slice(-2000);
    } catch {
      return '';
    }
  })();
  await stop();
  throw new Error(`dovecot did not start:\n${log}`);
}

async function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
