import { fork } from 'node:child_process';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { RawSendResult } from './children/nodemailer.child';
import { startMailgate } from './support/app.process';
import { type Bench, type BenchContext, fmt } from './support/bench';
import type { ServerProcess } from './support/child.process';
import { courierMessages } from './support/courier.message';
import { cpuBetweenAll, cpuSnapshots, type CpuUse, plusCpu } from './support/cpu';
import { httpLoad, monotonicMs } from './support/http.load';
import {
  type ProfileShare,
  type QueryCounts,
  queryCountsPerSignup,
  summarizeProfile,
  toggleProfiler,
  waitForProfile,
} from './support/profile.summary';
import { startSmtpSink, type SmtpSink } from './support/smtp-sink';

export const API_KEY = 'courier-bench-api-key-0123456789';
/** Target: mailgate delivers at least this share of what raw nodemailer does into the same sink. */
const TARGET = 0.8;

/** Unmeasured messages before each side's measured run: pool connections, JIT, PGlite's caches. */
export const warmupCount = (ctx: BenchContext) => Math.max(100, Math.round(ctx.messages / 10));

async function rawSend(ctx: BenchContext, sink: SmtpSink): Promise<RawSendResult> {
  const port = new URL(sink.url).port;
  const child = fork(
    path.join(__dirname, 'children', 'nodemailer.child.js'),
    [port, String(warmupCount(ctx)), String(ctx.messages), String(ctx.connections)],
    { env: { PATH: process.env.PATH ?? '', UV_THREADPOOL_SIZE: String(ctx.threadpool) }, execArgv: [] },
  );
  const result = new Promise<RawSendResult>((resolve, reject) => {
    child.once('message', (m) => resolve(m as RawSendResult));
    child.once('exit', (code) => reject(new Error(`nodemailer child exited (${code}) without a result`)));
  });
  try {
    return await result;
  } finally {
    if (child.exitCode === null) child.kill('SIGTERM');
  }
}

export interface CourierRun {
  messages: number;
  /** POST /emails answers by status; every 202 means the message was committed to the outbox. */
  statusCodes: Record<string, number>;
  errors: number;
  timeouts: number;
  /** Until the last answer: how fast the API accepted. */
  acceptS: number;
  acceptRate: number;
  /** Until smtp-sink had taken every accepted message: the end-to-end, sustained delivery rate. */
  deliveredS: number;
  delivered: number;
  deliveryRate: number;
  /** False when the sink did not get every message before the deadline. */
  complete: boolean;
  /** Messages accepted but not yet at the sink when the last 202 went out. */
  backlogAtLastAnswer: number;
  latencyMs: { mean: number; p50: number; p90: number; p99: number; max: number };
  cpu: { server: CpuUse; loadGenerator: CpuUse; sink: CpuUse };
  profile?: ProfileShare[];
  /** With --profile: PGlite's statements per message over the window, and their time in its WASM. */
  queries?: QueryCounts;
}

/**
 * `count` POST /emails from `connections` closed-loop clients, while smtp-sink's counter is
 * watched: the clock runs from the first request until the sink has `count` more messages.
 */
async function postAndDeliver(
  ctx: BenchContext,
  server: ServerProcess,
  sink: SmtpSink,
  count: number,
  tag: string,
  measure: boolean,
): Promise<CourierRun> {
  const next = courierMessages(tag);
  const bodies = Array.from({ length: count }, () => JSON.stringify(next()));
  const pids = { server: server.pid, loadGenerator: process.pid, sink: sink.pid };
  if (measure && ctx.profile) toggleProfiler(server.pid);
  const base = sink.delivered();
  const before = cpuSnapshots(pids);
  const t0 = performance.now();
  let backlogAtLastAnswer = 0;
  const load = httpLoad({
    generator: ctx.load.generator,
    url: server.url,
    method: 'POST',
    path: '/emails',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${API_KEY}` },
    connections: ctx.connections,
    bodies,
  }).then((result) => {
    backlogAtLastAnswer = count - (sink.delivered() - base);
    return result;
  });
  // Bounded: a run that stalls (a worker bug, a dead sink, a starved machine) ends as incomplete
  // (and invalid) instead of hanging; its rate is then what arrived by the deadline.
  const deadline = t0 + Math.max(120_000, count * 40);
  let deliveredAt = 0;
  while (performance.now() < deadline) {
    if (sink.delivered() - base >= count) {
      deliveredAt = monotonicMs();
      break;
    }
    await sleep(10);
  }
  const result = await load;
  const cpu = cpuBetweenAll(before, cpuSnapshots(pids));
  let profile: ProfileShare[] | undefined;
  let queries: QueryCounts | undefined;
  if (measure && ctx.profile) {
    toggleProfiler(server.pid);
    const file = await waitForProfile(ctx.logDir, server.pid);
    if (file) {
      profile = summarizeProfile(file, 16);
      ctx.say(`${tag}: profile ${file}`);
      for (const p of profile) ctx.say(`  ${(p.share * 100).toFixed(1).padStart(5)} %  ${p.where}`);
    }
    queries = queryCountsPerSignup(ctx.logDir, server.pid, count);
    if (queries) {
      const wasmMs = queries.top.reduce((sum, q) => sum + q.perSignup * (q.msEach ?? 0), 0);
      ctx.say(
        `${tag}: PGlite per message: ${queries.statements.toFixed(2)} statements, ${wasmMs.toFixed(3)} ms in its WASM`,
      );
      for (const q of queries.top.slice(0, 8))
        ctx.say(`  ${q.perSignup.toFixed(3).padStart(6)} × ${(q.msEach ?? 0).toFixed(3)} ms  ${q.sql}`);
    }
  }
  const delivered = sink.delivered() - base;
  const statusCodes = result.statusCodes;
  const acceptS = (result.endMs - result.startMs) / 1000;
  const complete = deliveredAt !== 0;
  // From the first request the load generator sent (wrk starts a few ms after t0).
  const deliveredS = complete ? (deliveredAt - result.startMs) / 1000 : (deadline - t0) / 1000;
  return {
    messages: count,
    statusCodes,
    errors: result.errors,
    timeouts: result.timeouts,
    acceptS,
    acceptRate: (statusCodes['202'] ?? 0) / acceptS,
    deliveredS,
    delivered,
    deliveryRate: delivered / deliveredS,
    complete,
    backlogAtLastAnswer,
    latencyMs: result.latencyMs,
    cpu: { server: cpu.server, loadGenerator: plusCpu(cpu.loadGenerator, result.ownCpuS), sink: cpu.sink },
    profile,
    queries,
  };
}

const validCourierRun = (r: CourierRun) =>
  r.statusCodes['202'] === r.messages &&
  Object.keys(r.statusCodes).length === 1 &&
  r.errors === 0 &&
  r.timeouts === 0 &&
  r.complete;

/**
 * The profiles the courier is measured in. Only `embedded` so far: one process with PGlite as the
 * outbox and the SQL poller as the worker. `distributed` (api and worker processes, PostgreSQL,
 * BullMQ on Redis) is the next variant: start the processes with DATABASE_URL/REDIS_URL and run
 * the same `postAndDeliver` against the api.
 */
type CourierProfile = 'embedded';

async function startCourier(ctx: BenchContext, sink: SmtpSink, profile: CourierProfile) {
  switch (profile) {
    case 'embedded':
      return startMailgate({
        transport: 'smtp',
        smtpUrl: sink.url,
        mailbox: false,
        apiKey: API_KEY,
        appRoot: ctx.appRoot,
        threadpool: ctx.threadpool,
        logDir: ctx.logDir,
        profile: ctx.profile,
      });
  }
}

/**
 * Benchmark 4: sustained delivery through the outbox into Postfix's smtp-sink, against raw pooled
 * nodemailer into the same sink in the same run. Each 202 means the message was committed; the
 * rate counts until the sink has taken every one.
 */
/**
 * Sustained means past the JIT's warm-up: at ≈ 3,000 msg/s, 10,000 messages are a 3–4 s window in which
 * the app's CPU per message was ≈ 40 % above its steady state (docs/benchmarks.md, session 5).
 */
export const COURIER_MESSAGES = 30_000;

export const courierBench: Bench = async (given) => {
  const ctx = given.messagesChosen ? given : { ...given, messages: COURIER_MESSAGES };
  const sink = await startSmtpSink();
  const n = ctx.messages;
  try {
    ctx.say(
      `raw pooled nodemailer → smtp-sink: ${warmupCount(ctx)} warm-up + ${n} messages, ${ctx.connections} in flight`,
    );
    const raw = await rawSend(ctx, sink);
    ctx.say(`raw: ${raw.rate.toFixed(1)} msg/s (${raw.failed} failed)`);

    const profile: CourierProfile = 'embedded';
    ctx.say(
      `mailgate (${profile}, MAIL_TRANSPORT=smtp → smtp-sink): ${warmupCount(ctx)} warm-up + ${n} POST /emails, ${ctx.connections} connections`,
    );
    const app = await startCourier(ctx, sink, profile);
    let run: CourierRun;
    try {
      await postAndDeliver(ctx, app, sink, warmupCount(ctx), `${profile}-warm`, false);
      run = await postAndDeliver(ctx, app, sink, n, profile, true);
    } finally {
      await app.stop();
    }
    const ratio = run.deliveryRate / raw.rate;
    // CPU time per message moves less with the machine's other load than rates do (time spent
    // waiting for a core is not counted), so it is the figure to compare across busy runs.
    const cpuMs = {
      raw: ((raw.cpu.mainS + raw.cpu.otherS) * 1000) / raw.messages,
      mailgate: ((run.cpu.server.mainS + run.cpu.server.otherS) * 1000) / n,
      mailgateMain: (run.cpu.server.mainS * 1000) / n,
    };
    const valid = validCourierRun(run) && raw.failed === 0 && raw.messages === n;
    ctx.say(`mailgate: ${run.deliveryRate.toFixed(1)} msg/s delivered = ${fmt.pct(ratio)} of raw`);
    const statuses = Object.entries(run.statusCodes)
      .map(([code, count]) => `${code}×${count}`)
      .join(' ');
    return {
      name: 'courier',
      title: `Courier: sustained delivery into smtp-sink vs raw pooled nodemailer (${n} messages)`,
      settings: {
        messages: n,
        warmupMessages: warmupCount(ctx),
        connections: ctx.connections,
        uvThreadpoolSize: ctx.threadpool,
        sink: 'Postfix smtp-sink (/usr/sbin/smtp-sink -c 127.0.0.1:PORT 1000)',
        raw: `nodemailer pool: true, maxConnections ${raw.maxConnections}, ${ctx.connections} sends in flight (bench/children/nodemailer.child.ts)`,
        loadGenerator: ctx.load.label,
        mailgate: `node dist/src/main.js (${profile}), MAIL_TRANSPORT=smtp, MAILBOX=off, RATE_LIMIT=off, LOG_LEVEL=warn; POST /emails {to, subject, text ≈1 KiB}`,
      },
      results: {
        appRoot: ctx.appRoot ?? '(this checkout)',
        raw,
        mailgate: run,
        ratio,
        cpuMsPerMessage: cpuMs,
        valid,
        profile,
      },
      targets: [
        {
          what: 'mailgate delivered msg/s / raw nodemailer msg/s',
          target: `>= ${TARGET * 100} %`,
          measured: fmt.pct(ratio) + (valid ? '' : ' (invalid run)'),
          met: valid && ratio >= TARGET,
        },
      ],
      rows: [
        [
          'raw pooled nodemailer → smtp-sink',
          `${raw.rate.toFixed(1)} msg/s`,
          `${raw.messages} in ${raw.durationS.toFixed(2)} s, send p50 ${fmt.ms(raw.latencyMs.p50)}, p99 ${fmt.ms(raw.latencyMs.p99)}, ${raw.cpu.totalCores.toFixed(2)} cores`,
        ],
        [
          `mailgate (${profile}) delivered end to end`,
          `${run.deliveryRate.toFixed(1)} msg/s`,
          `${run.delivered} at the sink in ${run.deliveredS.toFixed(2)} s (from the first POST)${run.complete ? '' : `: INCOMPLETE, ${n - run.delivered} missing at the deadline`}`,
        ],
        ['mailgate / raw', fmt.pct(ratio), `target >= ${TARGET * 100} %`],
        [
          'POST /emails (each 202 = committed)',
          `${run.acceptRate.toFixed(1)}/s`,
          `p50 ${fmt.ms(run.latencyMs.p50)}, p99 ${fmt.ms(run.latencyMs.p99)}, ${statuses}${run.errors ? `, ${run.errors} errors` : ''}${run.timeouts ? `, ${run.timeouts} timeouts` : ''}`,
        ],
        [
          'backlog when the last 202 went out',
          String(run.backlogAtLastAnswer),
          'messages accepted but not yet at the sink',
        ],
        [
          'CPU per message: mailgate / raw',
          `${cpuMs.mailgate.toFixed(2)} / ${cpuMs.raw.toFixed(2)} ms`,
          `mailgate main thread ${cpuMs.mailgateMain.toFixed(2)} ms; raw on ${raw.cpu.totalCores.toFixed(2)} cores`,
        ],
        [
          'CPU over the mailgate window',
          fmt.cores(run.cpu.server),
          `load generator ${run.cpu.loadGenerator.totalCores.toFixed(2)} (${Math.round(((run.cpu.loadGenerator.mainS + run.cpu.loadGenerator.otherS) * 1e6) / n)} µs / request), smtp-sink ${run.cpu.sink.totalCores.toFixed(2)} cores`,
        ],
      ],
    };
  } finally {
    await sink.close();
  }
};
