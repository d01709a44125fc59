import type { Bench, BenchContext, Row, Target } from './support/bench';
import { BENCH_RECIPIENT, BENCH_SENDER, benchMessages } from './support/mail.set';
import { type MailboxRoleFacts, startMailboxRole } from './support/mailbox.peers';
import { smtpLoad } from './support/smtp.client';

const MB = 1024 * 1024;
/** Idle time after the full GC before the at-rest reading: V8's memory reducer runs about 8 s after one. */
const REST_MS = 15_000;

/**
 * `mailgate mailbox` as shipped sets two V8 flags for a small heap (src/common/lifecycle/small-heap.ts);
 * the second setting undoes both (a flag given by the user for the same thing wins; these are V8's
 * own defaults), so the run shows what they are worth. The third adds `MALLOC_ARENA_MAX=2`, which
 * only the environment can set (glibc gives each of V8's and libuv's threads its own malloc arena).
 */
const SETTINGS: { name: string; nodeArgs: string[]; env?: Record<string, string> }[] = [
  { name: 'default', nodeArgs: [] },
  {
    name: 'V8 defaults',
    nodeArgs: ['--semi-space-growth-factor=2', '--no-compact-on-every-full-gc'],
  },
  { name: 'default + MALLOC_ARENA_MAX=2', nodeArgs: [], env: { MALLOC_ARENA_MAX: '2' } },
];

interface Reading {
  rssMB: number;
  heapTotalMB: number;
  heapUsedMB: number;
  externalMB: number;
}

interface Step {
  what: string;
  sent: number;
  stored: number;
  /** Right after forced full collections: the target's reading (and that of earlier runs). */
  afterGc: Reading;
  /** REST_MS later, nothing forced: V8's memory reducer may have released more by then. */
  atRest: Reading;
}

function reading(memory: NodeJS.MemoryUsage): Reading {
  return {
    rssMB: memory.rss / MB,
    heapTotalMB: memory.heapTotal / MB,
    heapUsedMB: memory.heapUsed / MB,
    externalMB: (memory.external + memory.arrayBuffers) / MB,
  };
}

function step(what: string, sent: number, facts: MailboxRoleFacts): Step {
  return {
    what,
    sent,
    stored: facts.messages,
    atRest: reading(facts.atRest),
    afterGc: reading(facts.afterGc),
  };
}

function describe(r: Reading): string {
  return `${r.rssMB.toFixed(1)} MB (heap ${r.heapUsedMB.toFixed(1)} used of ${r.heapTotalMB.toFixed(1)})`;
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
    steps.push(step('empty', 0, await mailbox.facts(REST_MS)));
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
      const s = step(`after ${round * n} sent`, round * n, await mailbox.facts(REST_MS));
      steps.push(s);
      ctx.say(
        `memory (${label}): ${round * n} sent, ${s.stored} stored, RSS ${s.afterGc.rssMB.toFixed(1)} MB after a full GC, ${s.atRest.rssMB.toFixed(1)} MB ${REST_MS / 1000} s later`,
      );
    }
  } finally {
    await mailbox.stop();
  }
  return { steps, failed };
}

/**
 * Memory of `mailgate mailbox` (the dev mailbox role alone: no PGlite, no API, no worker) holding
 * MAILBOX_MAX_MESSAGES messages, and whether it stays flat as mail keeps arriving past that
 * (retention drops the oldest). Two readings each time: right after forced full collections (no
 * garbage left: the target's reading, as in earlier runs of this benchmark), and REST_MS later with
 * nothing forced, by when V8's memory reducer may have compacted the heap further and released
 * pages (it does not always run, so that reading is information only).
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
    const growth = past.afterGc.rssMB - full.afterGc.rssMB;
    // The targets are for the role as shipped; the other settings are there to compare with.
    if (setting === SETTINGS[0])
      targets.push(
        {
          what: `RSS holding ${n} messages (${setting.name})`,
          target: '<= 100 MB',
          measured: `${full.afterGc.rssMB.toFixed(1)} MB; ${full.atRest.rssMB.toFixed(1)} MB at rest${valid ? '' : ' (invalid run)'}`,
          met: valid && full.afterGc.rssMB <= 100,
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
        `${s.afterGc.rssMB.toFixed(1)} MB`,
        `${s.stored} stored; after a full GC ${describe(s.afterGc)}; ${REST_MS / 1000} s later ${describe(s.atRest)}; external+buffers ${s.afterGc.externalMB.toFixed(1)} MB`,
      ]);
  }
  return {
    name: 'mailbox-memory',
    title: `Dev mailbox memory with ${n} messages (\`mailgate mailbox\`)`,
    settings: {
      messages: n,
      maxMessages: n,
      connections: ctx.connections,
      restMs: REST_MS,
      process: 'node --expose-gc -r dist/bench/children/memory.preload.js dist/src/cli.js mailbox',
      heapSettings: SETTINGS,
    },
    results: runs,
    targets,
    rows,
  };
};
