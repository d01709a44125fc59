import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Bench, BenchContext, Row } from './support/bench';
import { fmt } from './support/bench';
import { cpuBetweenAll, cpuSnapshots, type CpuUse } from './support/cpu';
import { BENCH_RECIPIENT, BENCH_SENDER, benchMessages } from './support/mail.set';
import { type MailboxRoleProcess, startMailDev, startMailboxRole } from './support/mailbox.peers';
import { smtpLoad, type SmtpLoadResult } from './support/smtp.client';

interface IngestRun {
  load: SmtpLoadResult;
  cpu: { server: CpuUse; client: CpuUse };
  /** Messages the server holds afterwards (mailgate only; MailDev is not asked). */
  stored?: number;
  /** Group commits over the measured messages (mailgate only). */
  commits?: CommitStats;
}

interface CommitStats {
  commits: number;
  messagesPerCommit: number;
  /** True when counted from watermark lines; false when estimated from distinct receive times. */
  exact: boolean;
}

const indexFile = (dataDir: string) => path.join(dataDir, 'mailbox', 'index.log');

/**
 * Commits in the index written after byte `from`: a version-2 index closes each with a watermark
 * line; a version-1 index (a baseline build) has none, so messages sharing a receive time (ms) are
 * counted as one commit there (an estimate: two commits in one millisecond count once).
 */
function commitStats(dataDir: string, from: number): CommitStats {
  const lines = readFileSync(indexFile(dataDir)).subarray(from).toString('utf8').split('\n');
  const watermarks = lines.filter((l) => l.startsWith('{"t":"w"')).length;
  const adds = lines.filter((l) => l.startsWith('{"t":"a"'));
  const times = new Set(adds.map((l) => /"receivedAt":"([^"]+)"/.exec(l)?.[1]));
  const commits = watermarks > 0 ? watermarks : times.size;
  return { commits, messagesPerCommit: adds.length / Math.max(1, commits), exact: watermarks > 0 };
}

/** A short unmeasured run (JIT, connection set-up), then the whole set measured with the CPU split. */
async function ingest(
  ctx: BenchContext,
  target: { pid: number; host: string; port: number },
  messages: readonly Buffer[],
  warmup: readonly Buffer[],
  afterWarmup?: () => void,
): Promise<IngestRun> {
  const shape = {
    host: target.host,
    port: target.port,
    connections: ctx.connections,
    from: BENCH_SENDER,
    to: BENCH_RECIPIENT,
  };
  await smtpLoad({ ...shape, messages: warmup });
  afterWarmup?.();
  const pids = { server: target.pid, client: process.pid };
  const before = cpuSnapshots(pids);
  const load = await smtpLoad({ ...shape, messages });
  const cpu = cpuBetweenAll(before, cpuSnapshots(pids));
  return { load, cpu: { server: cpu.server, client: cpu.client } };
}

function describe(run: IngestRun): string {
  const perMessage = (cpu: CpuUse) =>
    (((cpu.mainS + cpu.otherS) * 1e6) / Math.max(1, run.load.sent)).toFixed(0);
  const commits = run.commits
    ? `; ${run.commits.messagesPerCommit.toFixed(1)} msg/commit${run.commits.exact ? '' : ' (est.)'}`
    : '';
  return `${run.load.sent} x 250${run.load.failed ? `, ${run.load.failed} failed (${run.load.firstFailure})` : ''}; server ${fmt.cores(run.cpu.server)}, ${perMessage(run.cpu.server)} µs CPU/msg${commits}; client ${perMessage(run.cpu.client)} µs CPU/msg`;
}

/** The `mailgate mailbox` role (this build, or the one under `appRoot`) measured, then stopped. */
async function ingestMailgate(
  ctx: BenchContext,
  messages: readonly Buffer[],
  warmup: readonly Buffer[],
  appRoot?: string,
): Promise<IngestRun> {
  // The role as users run it (`mailgate mailbox`, its V8 settings included), not a bench-only server.
  const mailbox: MailboxRoleProcess = await startMailboxRole({
    logDir: ctx.logDir,
    maxMessages: messages.length + warmup.length,
    recipient: BENCH_RECIPIENT,
    appRoot,
  });
  try {
    let measuredFrom = 0;
    const run = await ingest(ctx, { pid: mailbox.pid, ...mailbox.smtp }, messages, warmup, () => {
      measuredFrom = statSync(indexFile(mailbox.dataDir)).size;
    });
    run.stored = (await mailbox.facts(0)).messages;
    run.commits = commitStats(mailbox.dataDir, measuredFrom);
    return run;
  } finally {
    await mailbox.stop();
  }
}

/**
 * Durable SMTP ingest: the same message set, the same raw pipelining client (bench process) and
 * the same number of connections against mailgate's dev mailbox alone (every 250 after fdatasync)
 * and against MailDev (npm; answers 250 when the data has been read, before it is written), each
 * server in its own process, in one run.
 */
export const mailboxIngestBench: Bench = async (ctx) => {
  const messages = benchMessages(ctx.messages);
  const warmup = benchMessages(Math.max(200, Math.floor(ctx.messages / 10)));
  ctx.say(`ingest: ${messages.length} messages of ~${messages[0].length} B, ${ctx.connections} connections`);

  const ours = await ingestMailgate(ctx, messages, warmup);
  ctx.say(`mailgate: ${ours.load.rate.toFixed(0)} msg/s`);
  // An A/B: the baseline build measured in the same run, between this build and MailDev.
  const base = ctx.appRoot ? await ingestMailgate(ctx, messages, warmup, ctx.appRoot) : undefined;
  if (base) ctx.say(`baseline (${ctx.appRoot}): ${base.load.rate.toFixed(0)} msg/s`);

  const maildev = await startMailDev({ logDir: ctx.logDir });
  let theirs: IngestRun;
  try {
    theirs = await ingest(
      ctx,
      { pid: maildev.pid, host: '127.0.0.1', port: maildev.smtpPort },
      messages,
      warmup,
    );
  } finally {
    await maildev.stop();
  }
  ctx.say(`MailDev: ${theirs.load.rate.toFixed(0)} msg/s`);

  const complete = (run: IngestRun) =>
    run.load.failed === 0 && run.stored === messages.length + warmup.length;
  const valid = complete(ours) && theirs.load.failed === 0 && (!base || complete(base));
  const ratio = ours.load.rate / theirs.load.rate;
  return {
    name: 'mailbox-ingest',
    title: 'Dev mailbox: durable SMTP ingest vs MailDev',
    settings: {
      messages: messages.length,
      warmup: warmup.length,
      messageBytes: messages[0].length,
      connections: ctx.connections,
      client: 'bench/support/smtp.client.ts (raw SMTP, PIPELINING of MAIL/RCPT/DATA) in the bench process',
      mailgate: '`mailgate mailbox` (dist/src/cli.js mailbox), fdatasync before 250',
      baseline: ctx.appRoot ?? '(none: --app-root DIR adds one)',
      maildev: 'npm maildev (see docs/benchmarks.md), --mail-directory in a temp dir',
    },
    results: { mailgate: ours, baseline: base, maildev: theirs, ratio, valid },
    targets: [
      {
        what: 'mailgate ingest rate / MailDev ingest rate',
        target: '>= 3x',
        measured: `${ratio.toFixed(2)}x${valid ? '' : ' (invalid run)'}`,
        met: valid && ratio >= 3,
      },
      {
        what: 'mailgate durable ingest rate',
        target: '>= 1000 msg/s',
        measured: `${ours.load.rate.toFixed(0)} msg/s${valid ? '' : ' (invalid run)'}`,
        met: valid && ours.load.rate >= 1000,
      },
    ],
    rows: [
      ['mailgate dev mailbox (fdatasync before 250)', fmt.rate(ours.load.rate), describe(ours)],
      ...(base
        ? ([
            ['baseline build (--app-root)', fmt.rate(base.load.rate), describe(base)],
            ['baseline / MailDev', `${(base.load.rate / theirs.load.rate).toFixed(2)}x`, ''],
          ] satisfies Row[])
        : []),
      ['MailDev 2 (250 before the write)', fmt.rate(theirs.load.rate), describe(theirs)],
      ['ratio', `${ratio.toFixed(2)}x`, 'target >= 3x'],
    ],
  };
};
