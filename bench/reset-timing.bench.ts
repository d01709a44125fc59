import { startMailgate } from './support/app.process';
import { freePort } from './support/child.process';
import { deployment } from './support/distributed';
import { type Bench, type BenchContext, type Row, type Target, fmt } from './support/bench';
import {
  type Interval,
  type Summary,
  medianAbsDeviation,
  medianDifference,
  pairedMedianDifference,
  round,
  summarize,
} from './support/stats';

const PASSWORD = 'correct horse battery staple';

async function post(url: string, path: string, body: unknown): Promise<number> {
  const res = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  await res.arrayBuffer();
  return res.status;
}

/** Signs an account up and verifies it through the link in its mail (read from `mailboxUrl`), as a user would. */
async function createAccount(url: string, mailboxUrl: string, email: string): Promise<void> {
  const wait = fetch(`${mailboxUrl}/mailbox/api/wait?to=${encodeURIComponent(email)}&timeout=20000`);
  if ((await post(url, '/users', { name: 'Timing', email, password: PASSWORD })) !== 202)
    throw new Error('signup refused');
  const res = await wait;
  if (res.status !== 200) throw new Error('no verification mail');
  const mail = (await res.json()) as { links: string[] };
  const link = mail.links.find((l) => l.includes('signupVerifyToken='));
  const token = link && new URL(link).searchParams.get('signupVerifyToken');
  if (!token) throw new Error('no verification link in the mail');
  if ((await post(url, '/users/email-verify', { signupVerifyToken: token })) !== 201)
    throw new Error('verification refused');
}

/**
 * One anti-enumeration answer: the route, the address whose owner gets a mail (`known`) and a body
 * for round `i` with an address that gets none (`unknown`).
 */
interface Case {
  name: string;
  path: string;
  known: string;
  unknownLabel: string;
  body: (email: string) => unknown;
  /**
   * The unknown side asks for one address every round, as the known side does: an attacker
   * comparing two addresses gives both the same history. Otherwise a new address each round; for
   * password reset that measures history as well (the account revokes its previous request each
   * time, a new address has nothing to revoke), so that case is shown but is not a target.
   */
  sameHistory: boolean;
  /** Share of the `rounds` (argon2 makes signup slow; its timing is dominated by the hash anyway). */
  share: number;
}

interface Measured {
  known: Summary;
  unknown: Summary;
  difference: Interval;
  /** The median of the per-round differences (each round one request of each, back to back). */
  paired: Interval;
  mad: number;
}

/**
 * Requests alternate one by one between the known address and fresh unknown ones (so both see the
 * same machine), sequentially; which goes first alternates too, so neither always follows the
 * other's after-effects (the worker sending the known address's mail).
 */
async function measure(url: string, c: Case, rounds: number, say: (m: string) => void): Promise<Measured> {
  const timed = async (body: unknown) => {
    const t0 = performance.now();
    const status = await post(url, c.path, body);
    if (status !== 202) throw new Error(`${c.path} answered ${status}`);
    return performance.now() - t0;
  };
  const unknown = (tag: string, i: number) =>
    c.body(c.sameHistory ? `nobody.${c.name}@example.com` : `nobody.${c.name}.${tag}${i}@example.com`);
  for (let i = 0; i < Math.max(10, Math.round(rounds / 20)); i++) {
    await timed(c.body(c.known));
    await timed(unknown('warm', i));
  }
  say(`${c.name}: ${rounds} requests for each case, interleaved`);
  const known: number[] = [];
  const none: number[] = [];
  for (let i = 0; i < rounds; i++) {
    if (i % 2 === 0) {
      known.push(await timed(c.body(c.known)));
      none.push(await timed(unknown('', i)));
    } else {
      none.push(await timed(unknown('', i)));
      known.push(await timed(c.body(c.known)));
    }
  }
  return {
    known: summarize(known),
    unknown: summarize(none),
    difference: medianDifference(known, none),
    paired: pairedMedianDifference(known, none),
    mad: medianAbsDeviation([...known, ...none]),
  };
}

const ms2 = (v: number) => `${v.toFixed(2)} ms`;
const ci = (d: Interval) => `${ms2(d.estimate)} [${ms2(d.low)}, ${ms2(d.high)}]`;

/** Every case against one deployment: `url` answers the API, `mailboxUrl` the dev mailbox's REST API. */
async function runCases(
  ctx: BenchContext,
  url: string,
  mailboxUrl: string,
  afterSetup?: () => Promise<void>,
): Promise<{ rounds: number; results: Record<string, unknown>; targets: Target[]; rows: Row[] }> {
  const rounds = Math.max(50, Math.round(ctx.messages / 20));
  const account = 'reset.timing@example.com';
  const pending = 'resend.timing@example.com';
  await createAccount(url, mailboxUrl, account);
  if ((await post(url, '/users', { name: 'Pending', email: pending, password: PASSWORD })) !== 202)
    throw new Error('signup refused');
  await afterSetup?.();
  const cases: Case[] = [
    {
      name: 'password-reset',
      path: '/users/password-reset',
      known: account,
      unknownLabel: 'address without an account',
      body: (email) => ({ email }),
      sameHistory: true,
      share: 1,
    },
    {
      name: 'password-reset-first',
      path: '/users/password-reset',
      known: account,
      unknownLabel: 'a new address each time',
      body: (email) => ({ email }),
      sameHistory: false,
      share: 0.5,
    },
    {
      name: 'resend-verification',
      path: '/users/resend-verification',
      known: pending,
      unknownLabel: 'address with nothing pending',
      body: (email) => ({ email }),
      sameHistory: true,
      share: 0.5,
    },
    {
      name: 'signup',
      path: '/users',
      known: account,
      unknownLabel: 'new address',
      body: (email) => ({ name: 'Timing', email, password: PASSWORD }),
      sameHistory: false,
      share: 0.2,
    },
  ];
  const results: Record<string, unknown> = {};
  const targets: Target[] = [];
  const rows: Row[] = [];
  for (const c of cases) {
    const n = Math.max(30, Math.round(rounds * c.share));
    const m = await measure(url, c, n, (line) => ctx.say(line));
    const d = m.difference;
    results[c.name] = {
      rounds: n,
      knownMs: m.known,
      unknownMs: m.unknown,
      medianDifferenceMs: { estimate: round(d.estimate, 3), low: round(d.low, 3), high: round(d.high, 3) },
      pairedDifferenceMs: {
        estimate: round(m.paired.estimate, 3),
        low: round(m.paired.low, 3),
        high: round(m.paired.high, 3),
      },
      madMs: round(m.mad, 3),
    };
    // Told apart by history, not by the account (see Case.sameHistory): shown, not a target.
    if (c.name !== 'password-reset-first')
      targets.push({
        what: `${c.path}: p50 difference, ${c.name === 'signup' ? 'existing account' : 'mailed'} vs ${c.unknownLabel}`,
        target: 'the 95% bootstrap interval includes 0',
        measured: ci(d),
        met: d.low <= 0 && d.high >= 0,
      });
    rows.push(
      [
        `${c.name}: ${c.known}`,
        `p50 ${fmt.ms(m.known.p50)}`,
        `p90 ${fmt.ms(m.known.p90)}, p99 ${fmt.ms(m.known.p99)}`,
      ],
      [
        `${c.name}: ${c.unknownLabel}`,
        `p50 ${fmt.ms(m.unknown.p50)}`,
        `p90 ${fmt.ms(m.unknown.p90)}, p99 ${fmt.ms(m.unknown.p99)}`,
      ],
      [`${c.name}: difference of medians`, ci(d), `${n} each; MAD of one request ${ms2(m.mad)}`],
      [`${c.name}: median of paired differences`, ci(m.paired), 'each round: one of each, back to back'],
    );
  }
  return { rounds, results, targets, rows };
}

/**
 * Issue 6: the anti-enumeration answers must take the same time whether or not the address has an
 * account (CONTRACT §4). The target is POST /users/password-reset; resend-verification and signup
 * share its shape and are measured beside it. The figure is the difference of the medians with a
 * 95% bootstrap interval: "the same time" means the interval includes 0, and its width is what the
 * run could have seen.
 */
export const resetTimingBench: Bench = async (ctx: BenchContext) => {
  const app = await startMailgate({
    transport: 'mailbox',
    threadpool: ctx.threadpool,
    logDir: ctx.logDir,
    appRoot: ctx.appRoot,
  });
  try {
    const { rounds, ...measured } = await runCases(ctx, app.url, app.url);
    return {
      name: 'reset-timing',
      title: 'Anti-enumeration answers: the same time with and without an account',
      settings: { rounds, transport: 'mailbox', rateLimit: 'off', appRoot: ctx.appRoot ?? '(this checkout)' },
      ...measured,
    };
  } finally {
    await app.stop();
  }
};

/**
 * The same on the distributed profile: one `api`, one `worker` (MAIL_TRANSPORT=mailbox) and one
 * `mailbox` process on the machine's PostgreSQL and Redis; the answers are timed at the api.
 */
export const resetTimingDistBench: Bench = async (ctx: BenchContext) => {
  const smtpPort = await freePort();
  const dep = await deployment({
    threadpool: ctx.threadpool,
    logDir: ctx.logDir,
    base: { MAIL_TRANSPORT: 'mailbox', MAILBOX: 'on', MAILBOX_SMTP_PORT: String(smtpPort) },
    appRoot: ctx.appRoot,
  });
  try {
    const mailbox = await dep.start('mailbox');
    const worker = await dep.start('worker');
    const api = await dep.start('api');
    // --stop-worker: once the account exists, nothing sends or settles the mails the answers leave,
    // so what is timed is the answers alone (docs/account.md, "Timing").
    const { rounds, ...measured } = await runCases(ctx, api.url, mailbox.url, async () => {
      if (ctx.stopWorker) await worker.stop();
    });
    return {
      name: 'reset-timing-dist',
      title:
        'Anti-enumeration answers (distributed: api, worker, mailbox): the same time with and without an account',
      settings: {
        rounds,
        transport: 'mailbox',
        rateLimit: 'off',
        processes: ctx.stopWorker
          ? 'api ×1, worker ×1 (stopped after setup), mailbox ×1'
          : 'api ×1, worker ×1, mailbox ×1',
      },
      ...measured,
    };
  } finally {
    await dep.close();
  }
};
