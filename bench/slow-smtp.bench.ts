import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startMailgate } from './support/app.process';
import {
  type Bench,
  type BenchContext,
  fmt,
  type MeasuredLoad,
  measuredSignupLoad,
  statusLine,
  validRun,
} from './support/bench';
import { freePort, type ServerProcess, startServerProcess } from './support/child.process';
import { startSlowSmtp } from './support/slow-smtp.server';

async function startSeedServer(ctx: BenchContext, smtpUrl: string): Promise<ServerProcess> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'mailgate-bench-seed-'));
  const port = await freePort();
  try {
    const server = await startServerProcess({
      name: 'seed-design',
      script: path.join(__dirname, 'children', 'seed.server.js'),
      env: {
        PORT: String(port),
        SMTP_URL: smtpUrl,
        DATA_DIR: dataDir,
        UV_THREADPOOL_SIZE: String(ctx.threadpool),
      },
      url: `http://127.0.0.1:${port}`,
      readyPath: '/health',
      logFile: path.join(ctx.logDir, `seed-design-${port}.log`),
    });
    return {
      ...server,
      stop: async () => {
        await server.stop();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    rmSync(dataDir, { recursive: true, force: true });
    throw err;
  }
}

async function underLoad(
  ctx: BenchContext,
  start: () => Promise<ServerProcess>,
  tag: string,
  expectStatus: number,
): Promise<MeasuredLoad> {
  const server = await start();
  try {
    return await measuredSignupLoad(ctx, server, tag, expectStatus);
  } finally {
    await server.stop();
  }
}

const loadRow = (label: string, m: MeasuredLoad): [string, string, string] => [
  label,
  `p50 ${fmt.ms(m.load.latencyMs.p50)}`,
  `p99 ${fmt.ms(m.load.latencyMs.p99)}, ${fmt.rate(m.load.rps)}, ${statusLine(m.load)}`,
];

/**
 * Benchmark 2: the same signup load with a fast mail path (the dev mailbox) and a provider that
 * takes `smtpDelayMs` to answer each message. With the outbox the request never waits on SMTP, so
 * p50 should not move; the seed's synchronous design is run beside it against the same server.
 */
export const slowSmtpBench: Bench = async (ctx) => {
  const smtp = await startSlowSmtp(ctx.smtpDelayMs);
  try {
    const base = { threadpool: ctx.threadpool, logDir: ctx.logDir, profile: ctx.profile };
    ctx.say(`fast mail path (MAIL_TRANSPORT=mailbox): ${ctx.connections} connections, ${ctx.durationS} s`);
    const fast = await underLoad(ctx, () => startMailgate({ ...base, transport: 'mailbox' }), 'fast', 202);
    ctx.say(`slow SMTP (${ctx.smtpDelayMs} ms per message, MAIL_TRANSPORT=smtp)`);
    const acceptedBefore = smtp.accepted();
    const slow = await underLoad(
      ctx,
      () => startMailgate({ ...base, transport: 'smtp', smtpUrl: smtp.url }),
      'slow',
      202,
    );
    const slowAccepted = smtp.accepted() - acceptedBefore;
    ctx.say('seed design (sendMail inside the request) against the same slow SMTP');
    const seed = await underLoad(ctx, () => startSeedServer(ctx, smtp.url), 'seed', 201);
    const ratio = slow.load.latencyMs.p50 / fast.load.latencyMs.p50;
    const valid = validRun(fast.load, 202) && validRun(slow.load, 202) && validRun(seed.load, 201);
    return {
      name: 'slow-smtp',
      title: `Signup latency with a slow SMTP server (${ctx.smtpDelayMs} ms per message)`,
      settings: {
        connections: ctx.connections,
        durationS: ctx.durationS,
        warmupS: ctx.warmupS,
        uvThreadpoolSize: ctx.threadpool,
        smtpDelayMs: ctx.smtpDelayMs,
        fast: 'mailgate, MAIL_TRANSPORT=mailbox (the dev mailbox in the same process)',
        slow: 'mailgate, MAIL_TRANSPORT=smtp to the slow server, MAILBOX=on (idle)',
        seed: 'bench/children/seed.server.ts: hash, insert, await sendMail, answer 201',
      },
      results: { fast, slow, seed, slowSmtpAcceptedDuringSlowRun: slowAccepted, p50Ratio: ratio, valid },
      targets: [
        {
          what: 'p50 with slow SMTP / p50 with the fast mail path',
          target: '<= 110 %',
          measured: fmt.pct(ratio) + (valid ? '' : ' (invalid run)'),
          met: valid && ratio <= 1.1,
        },
      ],
      rows: [
        loadRow('mailgate, fast mail path', fast),
        loadRow('mailgate, slow SMTP', slow),
        ['p50 slow / fast', fmt.pct(ratio), 'target <= 110 %'],
        loadRow('seed design, slow SMTP', seed),
        [
          'slow SMTP messages accepted',
          String(slowAccepted),
          'during the mailgate slow run (the outbox drains behind it)',
        ],
      ],
    };
  } finally {
    await smtp.close();
  }
};
