import type { Bench, BenchContext, Row, Target } from './support/bench';
import { BENCH_RECIPIENT, BENCH_SENDER, benchMessages } from './support/mail.set';
import { type MailboxFacts, startMailboxOnly } from './support/mailbox.peers';
import { smtpLoad } from './support/smtp.client';

const MB = 1024 * 1024;

/**
 * V8 sizes the young generation for throughput (up to 16 MiB per semi-space, kept once grown),
 * and glibc gives each of V8's and libuv's threads its own malloc arena; together they are most
 * of the gap between the heap in use and RSS here. The other settings cap them, as
 * `NODE_OPTIONS=--max-semi-space-size=2` and `MALLOC_ARENA_MAX=2` would for a mailbox-only process.
 */
const SETTINGS: { name: string; nodeArgs: string[]; env?: Record<string, string> }[] = [
  { name: 'default', nodeArgs: [] },
  { name: '--max-semi-space-size=2', nodeArgs: ['--max-semi-space-size=2'] },
  {
    name: '--max-semi-space-size=2 MALLOC_ARENA_MAX=2',
    nodeArgs: ['--max-semi-space-size=2'],
    env: { MALLOC_ARENA_MAX: '2' },
  },
];

interface Step {
  what: string;
  sent: number;
  stored: number;
  rssMB: number;
  heapTotalMB: number;
  heapUsedMB: number;
  externalMB: number;
}

function step(what: string, sent: number, facts: MailboxFacts): Step {
  return {
    what,
    sent,
    stored: facts.messages,
    rssMB: facts.memory.rss / MB,
    heapTotalMB: facts.memory.heapTotal / MB,
    heapUsedMB: facts.memory.heapUsed / MB,
    externalMB: (facts.memory.external + facts.memory.arrayBuffers) / MB,
  };
}

async function measure(
  ctx: BenchContext,
  setting: (typeof SETTINGS)[number],
): Promise<{ steps: Step[]; failed: number }> {
  const n = ctx.messages;
  const label = setting.name;
  const mailbox = await startMailboxOnly({
    logDir: ctx.logDir,
    maxMessages: n,
    nodeArgs: setting.nodeArgs,
    env: setting.env,
  });
  const steps: Step[] = [];
  let failed = 0;
  try {
    const { smtp } = await mailbox.facts();
    steps.push(step('empty', 0, await mailbox.facts(true)));
    // Twice the limit: the second half is dropped oldest first as it arrives (retention).
    for (let round = 1; round <= 2; round++) {
      const load = await smtpLoad({
        host: smtp.host,
        port: smtp.port,
        connections: ctx.connections,
        messages: benchMessages(n),
        from: BENCH_SENDER,
        to: BENCH_RECIPIENT,
      });
      failed += load.failed;
      const facts = await mailbox.facts(true);
      steps.push(step(`after ${round * n} sent`, round * n, facts));
      ctx.say(
        `memory (${label}): ${round * n} sent, ${facts.messages} stored, RSS ${(facts.memory.rss / MB).toFixed(1)} MB`,
      );
    }
  } finally {
    await mailbox.stop();
  }
  return { steps, failed };
}

/**
 * Memory of the dev mailbox alone (no PGlite, no API) holding MAILBOX_MAX_MESSAGES messages, and
 * whether it stays flat as mail keeps arriving past that (retention drops the oldest). Memory is
 * read after a forced full GC, so it is what the process keeps, not garbage awaiting collection.
 */
export const mailboxMemoryBench: Bench = async (ctx) => {
  const n = ctx.messages;
  const runs: Record<string, { steps: Step[]; failed: number }> = {};
  const targets: Target[] = [];
  const rows: Row[] = [];
  for (const setting of SETTINGS) {
    const run = await measure(ctx, setting);
    runs[setting.name] = run;
    const [, full, past] = run.steps;
    const valid = run.failed === 0 && full.stored === n && past.stored === n;
    const growth = past.rssMB - full.rssMB;
    targets.push(
      {
        what: `RSS holding ${n} messages (${setting.name})`,
        target: '<= 100 MB',
        measured: `${full.rssMB.toFixed(1)} MB${valid ? '' : ' (invalid run)'}`,
        met: valid && full.rssMB <= 100,
      },
      {
        what: `RSS growth from ${n} to ${past.sent} sent, retention at ${n} (${setting.name})`,
        target: '<= 10 MB',
        measured: `${growth.toFixed(1)} MB`,
        met: valid && growth <= 10,
      },
    );
    for (const s of run.steps)
      rows.push([
        `${setting.name}: ${s.what}`,
        `${s.rssMB.toFixed(1)} MB`,
        `${s.stored} stored; V8 heap ${s.heapUsedMB.toFixed(1)} used of ${s.heapTotalMB.toFixed(1)} MB, external+buffers ${s.externalMB.toFixed(1)} MB`,
      ]);
  }
  return {
    name: 'mailbox-memory',
    title: `Dev mailbox memory with ${n} messages (mailbox alone)`,
    settings: {
      messages: n,
      maxMessages: n,
      connections: ctx.connections,
      process: 'dist/bench/children/mailbox.server.js --expose-gc (store + SMTP + IMAP only)',
      heapSettings: SETTINGS,
    },
    results: runs,
    targets,
    rows,
  };
};
