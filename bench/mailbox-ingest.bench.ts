import type { Bench, BenchContext } from './support/bench';
import { fmt } from './support/bench';
import { cpuBetweenAll, cpuSnapshots, type CpuUse } from './support/cpu';
import { BENCH_RECIPIENT, BENCH_SENDER, benchMessages } from './support/mail.set';
import { startMailDev, startMailboxRole } from './support/mailbox.peers';
import { smtpLoad, type SmtpLoadResult } from './support/smtp.client';

interface IngestRun {
  load: SmtpLoadResult;
  cpu: { server: CpuUse; client: CpuUse };
  /** Messages the server holds afterwards (mailgate only; MailDev is not asked). */
  stored?: number;
}

/** A short unmeasured run (JIT, connection set-up), then the whole set measured with the CPU split. */
async function ingest(
  ctx: BenchContext,
  target: { pid: number; host: string; port: number },
  messages: readonly Buffer[],
  warmup: readonly Buffer[],
): Promise<IngestRun> {
  const shape = {
    host: target.host,
    port: target.port,
    connections: ctx.connections,
    from: BENCH_SENDER,
    to: BENCH_RECIPIENT,
  };
  await smtpLoad({ ...shape, messages: warmup });
  const pids = { server: target.pid, client: process.pid };
  const before = cpuSnapshots(pids);
  const load = await smtpLoad({ ...shape, messages });
  const cpu = cpuBetweenAll(before, cpuSnapshots(pids));
  return { load, cpu: { server: cpu.server, client: cpu.client } };
}

function describe(run: IngestRun): string {
  const perMessage = ((run.cpu.server.mainS + run.cpu.server.otherS) * 1e6) / Math.max(1, run.load.sent);
  return `${run.load.sent} x 250${run.load.failed ? `, ${run.load.failed} failed (${run.load.firstFailure})` : ''}; server ${fmt.cores(run.cpu.server)}, ${perMessage.toFixed(0)} µs CPU/msg; client ${run.cpu.client.totalCores.toFixed(2)} cores`;
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

  // The role as users run it (`mailgate mailbox`, its V8 settings included), not a bench-only server.
  const mailbox = await startMailboxRole({
    logDir: ctx.logDir,
    maxMessages: messages.length + warmup.length,
    recipient: BENCH_RECIPIENT,
  });
  let ours: IngestRun;
  try {
    ours = await ingest(ctx, { pid: mailbox.pid, ...mailbox.smtp }, messages, warmup);
    ours.stored = (await mailbox.facts(0)).messages;
  } finally {
    await mailbox.stop();
  }
  ctx.say(`mailgate: ${ours.load.rate.toFixed(0)} msg/s`);

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

  const valid =
    ours.load.failed === 0 && theirs.load.failed === 0 && ours.stored === messages.length + warmup.length;
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
      mailgate: 'dist/bench/children/mailbox.server.js (store + SMTP + IMAP only), fdatasync before 250',
      maildev: 'npm maildev (see docs/benchmarks.md), --mail-directory in a temp dir',
    },
    results: { mailgate: ours, maildev: theirs, ratio, valid },
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
      ['MailDev 2 (250 before the write)', fmt.rate(theirs.load.rate), describe(theirs)],
      ['ratio', `${ratio.toFixed(2)}x`, 'target >= 3x'],
    ],
  };
};
