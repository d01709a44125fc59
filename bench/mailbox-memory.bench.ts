import type { Bench, BenchContext, Row, Target } from './support/bench';
import { BENCH_RECIPIENT, BENCH_SENDER, benchMessages } from './support/mail.set';
import { type MailboxRoleFacts, startMailboxRole } from './support/mailbox.peers';
import { smtpLoad } from './support/smtp.client';

const MB = 1024 * 1024;

/**
 * `mailgate mailbox` as shipped caps V8's young generation (src/common/lifecycle/young-generation.ts);
 * the second setting undoes that (a young-generation flag given by the user wins, and 2 is V8's own
 * growth factor), so the run shows what the cap is worth. The third adds `MALLOC_ARENA_MAX=2`, which
 * only the environment can set (glibc gives each of V8's and libuv's threads its own malloc arena).
 */
const SETTINGS: { name: string; nodeArgs: string[]; env?: Record<string, string> }[] = [
  { name: 'default', nodeArgs: [] },
  { name: 'young generation not capped', nodeArgs: ['--semi-space-growth-factor=2'] },
  { name: 'default + MALLOC_ARENA_MAX=2', nodeArgs: [], env: { MALLOC_ARENA_MAX: '2' } },
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

function step(what: string, sent: number, facts: MailboxRoleFacts): Step {
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
  const mailbox = await startMailboxRole({
    logDir: ctx.logDir,
    maxMessages: n,
    recipient: BENCH_RECIPIENT,
    nodeArgs: setting.nodeArgs,
    env: setting.env,
  });
  const steps: Step[] = [];
  let failed = 0;
  try {
    const { smtp } = mailbox;
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
 * Memory of `mailgate mailbox` (the dev mailbox role alone: no PGlite, no API, no worker) holding
 * MAILBOX_MAX_MESSAGES messages, and
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
    title: `Dev mailbox memory with ${n} messages (\`mailgate mailbox\`)`,
    settings: {
      messages: n,
      maxMessages: n,
      connections: ctx.connections,
      process: 'node --expose-gc -r dist/bench/children/memory.preload.js dist/src/cli.js mailbox',
      heapSettings: SETTINGS,
    },
    results: runs,
    targets,
    rows,
  };
};
