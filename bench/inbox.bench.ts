import { startMailgate } from './support/app.process';
import { type Bench, type BenchContext, fmt } from './support/bench';
import type { ServerProcess } from './support/child.process';
import { timeSignups, WAIT_TIMEOUT_MS } from './support/inbox.client';
import { summarize, type Summary } from './support/stats';

interface Phase {
  signups: number;
  concurrency: number;
  wallS: number;
  accepted: number;
  delivered: number;
  withCode: number;
  postMs: Summary;
  inboxMs: Summary;
}

async function phase(server: ServerProcess, count: number, concurrency: number, tag: string): Promise<Phase> {
  const t0 = performance.now();
  const timed = await timeSignups(server.url, count, concurrency, tag);
  const delivered = timed.filter((t) => t.delivered);
  return {
    signups: timed.length,
    concurrency,
    wallS: (performance.now() - t0) / 1000,
    accepted: timed.filter((t) => t.status === 202).length,
    delivered: delivered.length,
    withCode: timed.filter((t) => t.hasCode).length,
    postMs: summarize(timed.map((t) => t.postMs)),
    inboxMs: summarize(delivered.map((t) => t.inboxMs)),
  };
}

const phaseRows = (label: string, p: Phase): Array<[string, string, string]> => [
  [
    `${label}: time to inbox`,
    `p50 ${fmt.ms(p.inboxMs.p50)}`,
    `p99 ${fmt.ms(p.inboxMs.p99)}, max ${fmt.ms(p.inboxMs.max)}; ${p.delivered}/${p.signups} delivered, ${p.withCode} with a code`,
  ],
  [
    `${label}: POST /users alone`,
    `p50 ${fmt.ms(p.postMs.p50)}`,
    `p99 ${fmt.ms(p.postMs.p99)}; ${p.accepted}/${p.signups} answered 202; ${fmt.rate(p.signups / p.wallS)} overall`,
  ],
];

/**
 * Benchmark 3: from POST /users to the message being readable through the mailbox's wait API,
 * one signup at a time and with `connections` signups in flight.
 */
export const inboxBench: Bench = async (ctx: BenchContext) => {
  const app = await startMailgate({
    transport: 'mailbox',
    threadpool: ctx.threadpool,
    logDir: ctx.logDir,
    profile: ctx.profile,
  });
  try {
    await timeSignups(app.url, 10, 1, 'inbox-warm');
    ctx.say(`time to inbox: ${ctx.inboxSequential} sequential signups`);
    const sequential = await phase(app, ctx.inboxSequential, 1, 'inbox-seq');
    ctx.say(`time to inbox: ${ctx.inboxConcurrent} signups, ${ctx.connections} in flight`);
    const concurrent = await phase(app, ctx.inboxConcurrent, ctx.connections, 'inbox-conc');
    const all = sequential.signups + concurrent.signups;
    const delivered = sequential.delivered + concurrent.delivered;
    return {
      name: 'inbox',
      title: 'Time to inbox (POST /users → GET /mailbox/api/wait returns)',
      settings: {
        sequential: ctx.inboxSequential,
        concurrent: ctx.inboxConcurrent,
        connections: ctx.connections,
        uvThreadpoolSize: ctx.threadpool,
        waitTimeoutMs: WAIT_TIMEOUT_MS,
        app: 'node dist/src/main.js, MAIL_TRANSPORT=mailbox, MAILBOX=on, RATE_LIMIT=off, LOG_LEVEL=warn',
      },
      results: { sequential, concurrent },
      targets: [
        {
          what: 'every signup delivered to the inbox',
          target: '100 %',
          measured: `${delivered}/${all}`,
          met: delivered === all,
        },
      ],
      rows: [
        ...phaseRows('sequential', sequential),
        ...phaseRows(`${ctx.connections} in flight`, concurrent),
      ],
    };
  } finally {
    await app.stop();
  }
};
