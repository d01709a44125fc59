import type { Bench } from './support/bench';
import { BENCH_RECIPIENT, BENCH_SENDER, benchMessages } from './support/mail.set';
import { type MailboxFacts, startMailboxOnly } from './support/mailbox.peers';
import { smtpLoad } from './support/smtp.client';

const MB = 1024 * 1024;

interface Step {
  what: string;
  sent: number;
  stored: number;
  rssMB: number;
  heapUsedMB: number;
  externalMB: number;
}

function step(what: string, sent: number, facts: MailboxFacts): Step {
  return {
    what,
    sent,
    stored: facts.messages,
    rssMB: facts.memory.rss / MB,
    heapUsedMB: facts.memory.heapUsed / MB,
    externalMB: (facts.memory.external + facts.memory.arrayBuffers) / MB,
  };
}

/**
 * Memory of the dev mailbox alone (no PGlite, no API) holding MAILBOX_MAX_MESSAGES messages, and
 * whether it stays flat as mail keeps arriving past that (retention drops the oldest). RSS is
 * read after a forced full GC, so it is what the process keeps, not garbage awaiting collection.
 */
export const mailboxMemoryBench: Bench = async (ctx) => {
  const n = ctx.messages;
  const mailbox = await startMailboxOnly({ logDir: ctx.logDir, maxMessages: n });
  const steps: Step[] = [];
  let failed = 0;
  try {
    const { smtp } = await mailbox.facts();
    steps.push(step('empty', 0, await mailbox.facts(true)));
    for (let round = 1; round <= 3; round++) {
      const messages = benchMessages(n);
      const load = await smtpLoad({
        host: smtp.host,
        port: smtp.port,
        connections: ctx.connections,
        messages,
        from: BENCH_SENDER,
        to: BENCH_RECIPIENT,
      });
      failed += load.failed;
      const facts = await mailbox.facts(true);
      steps.push(step(`after ${round * n} sent`, round * n, facts));
      ctx.say(
        `memory: ${round * n} sent, ${facts.messages} stored, RSS ${(facts.memory.rss / MB).toFixed(1)} MB`,
      );
    }
  } finally {
    await mailbox.stop();
  }
  const full = steps[1];
  const last = steps[steps.length - 1];
  const growth = last.rssMB - full.rssMB;
  const valid = failed === 0 && full.stored === n && last.stored === n;
  return {
    name: 'mailbox-memory',
    title: `Dev mailbox memory with ${n} messages (mailbox alone)`,
    settings: {
      messages: n,
      maxMessages: n,
      connections: ctx.connections,
      process: 'dist/bench/children/mailbox.server.js --expose-gc (store + SMTP + IMAP only)',
    },
    results: { steps, growthMB: growth, valid },
    targets: [
      {
        what: `RSS holding ${n} messages`,
        target: '<= 100 MB',
        measured: `${full.rssMB.toFixed(1)} MB${valid ? '' : ' (invalid run)'}`,
        met: valid && full.rssMB <= 100,
      },
      {
        what: `RSS growth from ${n} to ${last.sent} sent (retention at ${n})`,
        target: '<= 10 MB',
        measured: `${growth.toFixed(1)} MB`,
        met: valid && growth <= 10,
      },
    ],
    rows: steps.map((s) => [
      s.what,
      `${s.rssMB.toFixed(1)} MB`,
      `${s.stored} stored; heap used ${s.heapUsedMB.toFixed(1)} MB, external+buffers ${s.externalMB.toFixed(1)} MB`,
    ]),
  };
};
