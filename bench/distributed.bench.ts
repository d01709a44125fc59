import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { Redis } from 'ioredis';
import { deriveKeys } from '../src/config/keys';
import { RedisPendingSignupStore } from '../src/modules/signup/database/redis.pending-signup.store';
import { issueChallenge } from '../src/modules/signup/domain/challenge';
import { API_KEY, warmupCount } from './courier.bench';
import { type Bench, type BenchContext, fmt, type Row, statusLine, validRun } from './support/bench';
import { freePort, ROOT, type ServerProcess } from './support/child.process';
import {
  countInstructions,
  cpuBetweenAll,
  type CpuSnapshot,
  cpuSnapshots,
  type CpuUse,
  type InstructionCount,
  plusCpu,
} from './support/cpu';
import {
  BENCH_POSTGRES,
  BENCH_REDIS,
  type Deployment,
  deployment,
  JWT_SECRET,
  pgbenchPath,
} from './support/distributed';
import { summarizeProfile, toggleProfiler, waitForProfile } from './support/profile.summary';
import { signupHasher } from './support/signup.hasher';
import { httpLoad, type LoadGenerator } from './support/http.load';
import { type LoadResult, loadResult, signupLoad } from './support/signup.load';
import { courierMessages } from './support/courier.message';
import { type SmtpSink, startSmtpSink } from './support/smtp-sink';

/** Target of issue 5: verifies/s at least this share of pgbench's single-row INSERT tps. */
const VERIFY_TARGET = 0.5;

const sumCpu = (uses: CpuUse[]) => uses.reduce((s, u) => s + u.mainS + u.otherS, 0);

/** CPU per request in microseconds (an INSERT costs tens of them). */
const us = (ms: number) => `${Math.round(ms * 1000)} µs`;

function merge(loads: LoadResult[], wallS: number): LoadResult {
  const statusCodes: Record<string, number> = {};
  for (const l of loads)
    for (const [code, n] of Object.entries(l.statusCodes)) statusCodes[code] = (statusCodes[code] ?? 0) + n;
  const ok = loads.reduce((s, l) => s + l.ok, 0);
  // Percentiles do not add up across clients: the slowest client's are reported (the worse one).
  const worst = (k: keyof LoadResult['latencyMs']) => Math.max(...loads.map((l) => l.latencyMs[k]));
  return {
    connections: loads.reduce((s, l) => s + l.connections, 0),
    durationS: wallS,
    ok,
    rps: ok / wallS,
    statusCodes,
    errors: loads.reduce((s, l) => s + l.errors, 0),
    timeouts: loads.reduce((s, l) => s + l.timeouts, 0),
    generatorCpuS: loads.reduce((s, l) => s + l.generatorCpuS, 0),
    latencyMs: {
      mean: loads.reduce((s, l) => s + l.latencyMs.mean * l.ok, 0) / Math.max(1, ok),
      p50: worst('p50'),
      p90: worst('p90'),
      p99: worst('p99'),
      max: worst('max'),
    },
  };
}

/** Splits `total` connections over `n` clients, at least one each. */
const share = (total: number, n: number, i: number) =>
  Math.max(1, Math.floor(total / n) + (i < total % n ? 1 : 0));

// ---------------------------------------------------------------------------------------------
// 1. verify
// ---------------------------------------------------------------------------------------------

/**
 * The pending-signup store and challenge code of the checkout at `root`: a baseline build (--app-root)
 * may lay its keys out differently, so its records are written by its own code.
 */
function signupCode(root: string): {
  RedisPendingSignupStore: typeof RedisPendingSignupStore;
  issueChallenge: typeof issueChallenge;
} {
  if (root === ROOT) return { RedisPendingSignupStore, issueChallenge };
  const load = createRequire(path.join(root, 'dist', 'src', 'cli.js'));
  const dir = path.join(root, 'dist', 'src', 'modules', 'signup');
  return {
    RedisPendingSignupStore: (
      load(path.join(dir, 'database', 'redis.pending-signup.store.js')) as {
        RedisPendingSignupStore: typeof RedisPendingSignupStore;
      }
    ).RedisPendingSignupStore,
    issueChallenge: (
      load(path.join(dir, 'domain', 'challenge.js')) as { issueChallenge: typeof issueChallenge }
    ).issueChallenge,
  };
}

/**
 * CPU of the services beside the app: the PostgreSQL backends serving one database (their pids
 * from pg_stat_activity, read in /proc like the app's) and the Redis server as a whole (INFO cpu;
 * the Redis is shared, so other clients' work is counted too).
 */
async function backendPids(dbUrl: string, applicationName?: string): Promise<Record<string, number>> {
  const client = new pg.Client({ connectionString: dbUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ pid: number }>(
      `SELECT pid FROM pg_stat_activity
       WHERE datname = current_database() AND pid <> pg_backend_pid() AND ($1::text IS NULL OR application_name = $1)`,
      [applicationName ?? null],
    );
    return Object.fromEntries(rows.map((r) => [`postgres-${r.pid}`, r.pid]));
  } finally {
    await client.end();
  }
}

async function redisCpuS(redis: Redis): Promise<number> {
  const info = await redis.info('cpu');
  const field = (k: string) => Number(new RegExp(`^${k}:([\\d.]+)`, 'm').exec(info)?.[1] ?? 0);
  return field('used_cpu_sys') + field('used_cpu_user');
}

interface ServiceCpu {
  postgresS: number;
  redisS: number;
}

async function serviceSnapshot(
  pids: Record<string, number>,
  redis: Redis,
): Promise<{ pg: Record<string, CpuSnapshot>; redisS: number }> {
  return { pg: cpuSnapshots(pids), redisS: await redisCpuS(redis) };
}

function serviceBetween(
  a: { pg: Record<string, CpuSnapshot>; redisS: number },
  b: { pg: Record<string, CpuSnapshot>; redisS: number },
): ServiceCpu {
  return { postgresS: sumCpu(Object.values(cpuBetweenAll(a.pg, b.pg))), redisS: b.redisS - a.redisS };
}

/**
 * Pending signups written straight into the deployment's Redis through the same store and the same
 * challenge code POST /users uses (RedisPendingSignupStore.create, issueChallenge with the keys
 * JWT_SECRET derives); only the argon2 hash is computed once and shared, and no challenge mail is
 * queued. Returns the link tokens, one per signup.
 */
async function pendingSignups(env: Record<string, string>, count: number, root = ROOT): Promise<string[]> {
  const redis = new Redis(BENCH_REDIS, { maxRetriesPerRequest: 1 });
  try {
    const { RedisPendingSignupStore, issueChallenge } = signupCode(root);
    const store = new RedisPendingSignupStore(redis, env.REDIS_KEY_PREFIX);
    const keys = deriveKeys(JWT_SECRET);
    const passwordHash = await signupHasher.hash('correct horse battery staple');
    const ttl = { tokenTtlSeconds: 3600, codeTtlSeconds: 1800 };
    const run = randomUUID().slice(0, 8);
    const tokens: string[] = [];
    for (let i = 0; i < count; i += 500) {
      const batch = Array.from({ length: Math.min(500, count - i) }, async (_, j) => {
        const email = `verify-${run}-${i + j}@example.com`;
        const challenge = issueChallenge(keys, ttl, new Date(), email);
        await store.create(undefined, {
          id: randomUUID(),
          emailKey: email,
          email,
          emailDisplay: email,
          name: `Verify ${i + j}`,
          passwordHash,
          locale: 'en',
          tokenHash: challenge.tokenHash,
          codeHash: challenge.codeHash,
          expiresAt: challenge.expiresAt,
          codeExpiresAt: challenge.codeExpiresAt,
        });
        return challenge.token;
      });
      tokens.push(...(await Promise.all(batch)));
    }
    return tokens;
  } finally {
    redis.disconnect();
  }
}

/**
 * `tokens` sent as POST /users/email-verify, each once, spread over `apis` (one load generator per
 * api process, the connections split between them). The clock runs from the first request to the
 * last answer.
 */
async function verifyLoad(
  generator: LoadGenerator,
  apis: ServerProcess[],
  tokens: string[],
  connections: number,
): Promise<LoadResult> {
  const per = Math.ceil(tokens.length / apis.length);
  const loads = await Promise.all(
    apis.map((api, i) =>
      httpLoad({
        generator,
        url: api.url,
        method: 'POST',
        path: '/users/email-verify',
        headers: { 'content-type': 'application/json' },
        connections: share(connections, apis.length, i),
        bodies: tokens.slice(i * per, (i + 1) * per).map((t) => JSON.stringify({ signupVerifyToken: t })),
      }),
    ),
  );
  const wallMs = Math.max(...loads.map((l) => l.endMs)) - Math.min(...loads.map((l) => l.startMs));
  return merge(
    loads.map((l, i) => loadResult(l, share(connections, apis.length, i), 201)),
    wallMs / 1000,
  );
}

export interface PgbenchResult {
  command: string;
  clients: number;
  durationS: number;
  tps: number;
  latencyAvgMs: number;
  transactions: number;
  failed: number;
  /** CPU per INSERT in a window inside the run (ms): pgbench itself, its PostgreSQL backends. */
  cpuMsPerInsert: { pgbench: number; postgres: number };
}

/** pgbench with one single-row INSERT per transaction into a scratch table of the bench database. */
async function pgbenchInsert(ctx: BenchContext, dbUrl: string): Promise<PgbenchResult> {
  const bin = pgbenchPath();
  const client = new pg.Client({ connectionString: dbUrl });
  await client.connect();
  try {
    // Shaped like `users`' hot part: a uuid primary key and a unique text key.
    await client.query(
      'CREATE TABLE bench_insert (id uuid PRIMARY KEY, email_key text NOT NULL UNIQUE, created_at timestamptz NOT NULL DEFAULT now())',
    );
  } finally {
    await client.end();
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'mailgate-pgbench-'));
  try {
    const script = path.join(dir, 'insert.sql');
    writeFileSync(
      script,
      'INSERT INTO bench_insert (id, email_key) VALUES (gen_random_uuid(), md5(random()::text));\n',
    );
    const args = [
      '-n',
      '-f',
      script,
      '-c',
      String(ctx.connections),
      '-j',
      '2',
      '-T',
      String(ctx.durationS),
      dbUrl,
    ];
    const child = execFile(bin, args, { timeout: (ctx.durationS + 60) * 1000 });
    let stdout = '';
    child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
    const exited = new Promise<void>((resolve, reject) =>
      child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`pgbench exited with ${code}`)))),
    );
    // CPU over a window inside the run, once its connections are open and before they close.
    const lead = Math.min(2, ctx.durationS / 4);
    await sleep(lead * 1000);
    const pids = { ...(await backendPids(dbUrl, 'pgbench')), pgbench: child.pid ?? 0 };
    const before = cpuSnapshots(pids);
    await sleep((ctx.durationS - 2 * lead) * 1000);
    const used = cpuBetweenAll(before, cpuSnapshots(pids));
    await exited;
    const num = (re: RegExp) => Number(re.exec(stdout)?.[1] ?? NaN);
    const tps = num(/tps = ([\d.]+) \(without initial connection time\)/);
    if (!Number.isFinite(tps)) throw new Error(`pgbench printed no tps:\n${stdout}`);
    return {
      command: `pgbench ${args.slice(0, -1).join(' ')} <bench database>`,
      clients: ctx.connections,
      durationS: ctx.durationS,
      tps,
      latencyAvgMs: num(/latency average = ([\d.]+) ms/),
      transactions: num(/number of transactions actually processed: (\d+)/),
      failed: num(/number of failed transactions: (\d+)/) || 0,
      cpuMsPerInsert: {
        pgbench: ((used.pgbench.mainS + used.pgbench.otherS) * 1000) / (tps * used.pgbench.wallS),
        postgres:
          (sumCpu(
            Object.entries(used)
              .filter(([k]) => k !== 'pgbench')
              .map(([, u]) => u),
          ) *
            1000) /
          (tps * used.pgbench.wallS),
      },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

interface VerifyRun {
  apis: number;
  /** 'baseline' when the api processes ran from --app-root. */
  build: string;
  load: LoadResult;
  cpu: Record<string, CpuUse>;
  cpuMsPerVerify: number;
  /**
   * CPU per verify (ms) of the rest: the database's backends, Redis (whole server), the load generator
   * (the bench process and wrk), and of that wrk's own process alone.
   */
  othersMsPerVerify: { postgres: number; redis: number; loadGenerator: number; wrk: number };
  /** Instructions the api processes executed per verify (perf stat), when perf is available. */
  instructionsPerVerify?: InstructionCount;
  valid: boolean;
}

/** Several runs of one build as one: totals over their summed wall time, per-verify figures weighted. */
function combine(runs: VerifyRun[]): VerifyRun {
  const ok = runs.reduce((n, r) => n + r.load.ok, 0);
  const weighted = (f: (r: VerifyRun) => number) => runs.reduce((s, r) => s + f(r) * r.load.ok, 0) / ok;
  const counted = runs.every((r) => r.instructionsPerVerify);
  return {
    ...runs[0],
    load: merge(
      runs.map((r) => r.load),
      runs.reduce((s, r) => s + r.load.durationS, 0),
    ),
    cpuMsPerVerify: weighted((r) => r.cpuMsPerVerify),
    othersMsPerVerify: {
      postgres: weighted((r) => r.othersMsPerVerify.postgres),
      redis: weighted((r) => r.othersMsPerVerify.redis),
      loadGenerator: weighted((r) => r.othersMsPerVerify.loadGenerator),
      wrk: weighted((r) => r.othersMsPerVerify.wrk),
    },
    instructionsPerVerify: counted
      ? {
          user: weighted((r) => r.instructionsPerVerify!.user),
          kernel: weighted((r) => r.instructionsPerVerify!.kernel),
        }
      : undefined,
    valid: runs.every((r) => r.valid),
  };
}

async function verifyRun(
  ctx: BenchContext,
  apis: ServerProcess[],
  warm: string[],
  measured: string[],
  services: { dbUrl: string; redis: Redis },
  build = 'this checkout',
): Promise<VerifyRun> {
  const tag = `${apis.length} api (${build})`;
  ctx.say(
    `verify, ${tag}: ${warm.length} warm-up + ${measured.length} tokens, ${ctx.connections} connections`,
  );
  await verifyLoad(ctx.load.generator, apis, warm, ctx.connections);
  const pids: Record<string, number> = { loadGenerator: process.pid };
  for (const a of apis) pids[a.name] = a.pid;
  const backends = await backendPids(services.dbUrl);
  const before = cpuSnapshots(pids);
  const beforeServices = await serviceSnapshot(backends, services.redis);
  if (ctx.profile) for (const a of apis) toggleProfiler(a.pid);
  const instructions = countInstructions(apis.map((a) => a.pid));
  const load = await verifyLoad(ctx.load.generator, apis, measured, ctx.connections);
  const counted = await instructions.stop();
  const afterServices = await serviceSnapshot(backends, services.redis);
  if (ctx.profile)
    for (const a of apis) {
      toggleProfiler(a.pid);
      const written = await waitForProfile(ctx.logDir, a.pid);
      if (!written) continue;
      // Kept per phase: the api of the 1-api phase is profiled again in the 2-api one.
      const file = written.replace(/\.cpuprofile$/, `-${apis.length}api.cpuprofile`);
      renameSync(written, file);
      ctx.say(`${tag}: ${a.name} profile ${file}`);
      for (const p of summarizeProfile(file))
        ctx.say(`  ${(p.share * 100).toFixed(1).padStart(5)} %  ${p.where}`);
    }
  const cpu = cpuBetweenAll(before, cpuSnapshots(pids));
  const used = serviceBetween(beforeServices, afterServices);
  const apiCpu = sumCpu(apis.map((a) => cpu[a.name]));
  const perVerify = (cpuS: number) => (cpuS * 1000) / Math.max(1, load.ok);
  ctx.say(`verify, ${tag}: ${load.rps.toFixed(1)}/s, p50 ${fmt.ms(load.latencyMs.p50)}, ${statusLine(load)}`);
  return {
    apis: apis.length,
    build,
    load,
    cpu,
    cpuMsPerVerify: perVerify(apiCpu),
    othersMsPerVerify: {
      postgres: perVerify(used.postgresS),
      redis: perVerify(used.redisS),
      loadGenerator: perVerify(sumCpu([cpu.loadGenerator]) + load.generatorCpuS),
      wrk: perVerify(load.generatorCpuS),
    },
    instructionsPerVerify: counted && {
      user: counted.user / Math.max(1, load.ok),
      kernel: counted.kernel / Math.max(1, load.ok),
    },
    valid: validRun(load, 201) && load.ok === measured.length,
  };
}

/**
 * Issue 5, verify: POST /users/email-verify (no hashing on that path: a Redis claim, one
 * PostgreSQL transaction inserting the user, the claim ended) against pgbench's single-row INSERT
 * on the same PostgreSQL in the same run; one api process, then two.
 */
export const verifyBench: Bench = async (ctx) => {
  const bin = pgbenchPath(); // fail before starting anything when it is missing
  const n = ctx.messages;
  const warm = warmupCount(ctx);
  const dep = await deployment({
    threadpool: ctx.threadpool,
    logDir: ctx.logDir,
    profile: ctx.profile,
    base: {
      // No worker runs and verifying queues no mail; the transport only has to be a valid one.
      MAIL_TRANSPORT: 'smtp',
      SMTP_URL: 'smtp://127.0.0.1:9',
      MAILBOX: 'off',
    },
  });
  const redis = new Redis(BENCH_REDIS, { maxRetriesPerRequest: 1 });
  try {
    const services = { dbUrl: dep.env.DATABASE_URL, redis };
    // With --app-root: the baseline build's api first, on its own records, then this checkout's.
    // With --app-root: the baseline build's api and this checkout's take turns (base, this, base,
    // this; N/2 tokens each turn, each on records written by its own code), so a change in the
    // machine's load during the run falls on both.
    let baseline: VerifyRun | undefined;
    let one: VerifyRun;
    const a = await dep.start('api');
    if (ctx.appRoot) {
      const half = Math.ceil(n / 2);
      ctx.say(`verify: ${2 * (half + warm)} pending signups for the baseline (${ctx.appRoot})`);
      const theirs = await pendingSignups(dep.env, 2 * (half + warm), ctx.appRoot);
      ctx.say(`verify: ${2 * (half + warm)} pending signups for this checkout`);
      const mine = await pendingSignups(dep.env, 2 * (half + warm));
      const base = await dep.start('api', {}, ctx.appRoot);
      const turns: { base: VerifyRun[]; mine: VerifyRun[] } = { base: [], mine: [] };
      for (let turn = 0; turn < 2; turn++) {
        const slice = (t: string[]) => t.slice(turn * (half + warm), (turn + 1) * (half + warm));
        const b = slice(theirs);
        const m = slice(mine);
        turns.base.push(await verifyRun(ctx, [base], b.slice(0, warm), b.slice(warm), services, 'baseline'));
        turns.mine.push(await verifyRun(ctx, [a], m.slice(0, warm), m.slice(warm), services));
      }
      await base.stop();
      baseline = combine(turns.base);
      one = combine(turns.mine);
    } else {
      ctx.say(`verify: writing ${n + warm} pending signups into Redis (${dep.env.REDIS_KEY_PREFIX})`);
      const tokens = await pendingSignups(dep.env, n + warm);
      one = await verifyRun(ctx, [a], tokens.slice(0, warm), tokens.slice(warm), services);
    }
    ctx.say(`verify: writing ${n + warm} pending signups for two api processes`);
    const tokens = await pendingSignups(dep.env, n + warm);
    const b = await dep.start('api');
    const two = await verifyRun(ctx, [a, b], tokens.slice(0, warm), tokens.slice(warm), services);
    ctx.say(`pgbench (${bin}): single-row INSERT, ${ctx.connections} clients, ${ctx.durationS} s`);
    const bench = await pgbenchInsert(ctx, dep.env.DATABASE_URL);
    ctx.say(`pgbench: ${bench.tps.toFixed(1)} tps`);
    const ratio = one.load.rps / bench.tps;
    const ratio2 = two.load.rps / bench.tps;
    const rows: Row[] = [
      [
        `pgbench single-row INSERT (-c ${ctx.connections} -j 2)`,
        `${bench.tps.toFixed(1)} tps`,
        `${bench.transactions} in ${bench.durationS} s, latency avg ${fmt.ms(bench.latencyAvgMs)}${bench.failed ? `, ${bench.failed} failed` : ''}`,
      ],
      [
        'CPU per INSERT, pgbench run',
        us(bench.cpuMsPerInsert.pgbench + bench.cpuMsPerInsert.postgres),
        `postgres backends ${us(bench.cpuMsPerInsert.postgres)}, pgbench ${us(bench.cpuMsPerInsert.pgbench)}`,
      ],
      ...[...(baseline ? [baseline] : []), one, two].flatMap((r): Row[] => [
        [
          `POST /users/email-verify, ${r.apis} api (201)${r.build === 'baseline' ? ', BASELINE build' : ''}`,
          fmt.rate(r.load.rps),
          `${fmt.pct(r.load.rps / bench.tps)} of pgbench; p50 ${fmt.ms(r.load.latencyMs.p50)}, p99 ${fmt.ms(r.load.latencyMs.p99)}; ${statusLine(r.load)}${r.valid ? '' : ' (INVALID)'}`,
        ],
        [
          `CPU per verify, ${r.apis} api${r.build === 'baseline' ? ', BASELINE' : ''}`,
          us(
            r.cpuMsPerVerify +
              r.othersMsPerVerify.postgres +
              r.othersMsPerVerify.redis +
              r.othersMsPerVerify.loadGenerator,
          ),
          `api ${us(r.cpuMsPerVerify)}, postgres backends ${us(r.othersMsPerVerify.postgres)}, redis (whole server) ${us(r.othersMsPerVerify.redis)}, load generator ${us(r.othersMsPerVerify.loadGenerator)}${r.othersMsPerVerify.wrk > 0 ? ` (wrk ${us(r.othersMsPerVerify.wrk)})` : ''}`,
        ],
        ...(r.instructionsPerVerify
          ? [
              [
                `api instructions per verify, ${r.apis} api${r.build === 'baseline' ? ', BASELINE' : ''}`,
                `${Math.round((r.instructionsPerVerify.user + r.instructionsPerVerify.kernel) / 1000)} k`,
                `user ${Math.round(r.instructionsPerVerify.user / 1000)} k, kernel ${Math.round(r.instructionsPerVerify.kernel / 1000)} k (perf stat)`,
              ] as Row,
            ]
          : []),
      ]),
      ...(baseline
        ? [
            [
              'verifies/s this checkout / baseline, 1 api',
              fmt.pct(one.load.rps / baseline.load.rps),
              'alternating turns (baseline, this, baseline, this), same database and Redis',
            ] as Row,
            ...(one.instructionsPerVerify && baseline.instructionsPerVerify
              ? [
                  [
                    'api instructions per verify, this checkout / baseline',
                    fmt.pct(
                      (one.instructionsPerVerify.user + one.instructionsPerVerify.kernel) /
                        (baseline.instructionsPerVerify.user + baseline.instructionsPerVerify.kernel),
                    ),
                    'work done, which machine load does not inflate as it does CPU seconds',
                  ] as Row,
                ]
              : []),
          ]
        : []),
      ['verifies/s 2 api / 1 api', fmt.pct(two.load.rps / one.load.rps), 'same connections in total'],
    ];
    return {
      name: 'verify',
      title: `Verify throughput (distributed) vs pgbench single-row INSERT (${n} tokens per run)`,
      settings: {
        tokens: n,
        warmupTokens: warm,
        connections: ctx.connections,
        uvThreadpoolSize: ctx.threadpool,
        setup:
          'pending signups written into Redis through RedisPendingSignupStore.create with issueChallenge (one shared argon2 hash, no challenge mail queued)',
        app: 'node dist/src/cli.js api (PostgreSQL + Redis), RATE_LIMIT=off, LOG_LEVEL=warn; POST /users/email-verify {signupVerifyToken}, every token once',
        pgbench: bench.command,
        postgres: BENCH_POSTGRES.replace(/\/[^/]*$/, '/<fresh database>'),
        baseline: ctx.appRoot ?? '(none)',
      },
      results: { pgbench: bench, baseline, oneApi: one, twoApis: two, ratio, ratioTwoApis: ratio2 },
      targets: [
        {
          what: 'verifies/s (1 api process) / pgbench single-row INSERT tps',
          target: `>= ${VERIFY_TARGET * 100} %`,
          measured: fmt.pct(ratio) + (one.valid ? '' : ' (invalid run)'),
          met: one.valid && ratio >= VERIFY_TARGET,
        },
      ],
      rows,
    };
  } finally {
    redis.disconnect();
    await dep.close();
  }
};

// ---------------------------------------------------------------------------------------------
// 2. signup-scale
// ---------------------------------------------------------------------------------------------

interface ScaleRun {
  apis: number;
  load: LoadResult;
  cpu: Record<string, CpuUse>;
  cpuMsPerSignup: number;
}

/** POST /users on every api at once (connections split), after an unmeasured warm-up. */
async function signupsOn(
  ctx: BenchContext,
  apis: ServerProcess[],
  others: ServerProcess[],
): Promise<ScaleRun> {
  const run = (durationS: number, tag: string) =>
    Promise.all(
      apis.map((a, i) =>
        signupLoad(
          {
            generator: ctx.load.generator,
            url: a.url,
            connections: share(ctx.connections, apis.length, i),
            durationS,
            expectStatus: 202,
          },
          `${tag}-${i}`,
        ),
      ),
    );
  ctx.say(
    `POST /users on ${apis.length} api process(es): ${ctx.connections} connections, ${ctx.durationS} s`,
  );
  await run(ctx.warmupS, `scale${apis.length}-warm`);
  const pids: Record<string, number> = { loadGenerator: process.pid };
  for (const p of [...apis, ...others]) pids[p.name] = p.pid;
  const before = cpuSnapshots(pids);
  const t0 = performance.now();
  const loads = await run(ctx.durationS, `scale${apis.length}`);
  const load = merge(loads, (performance.now() - t0) / 1000);
  const cpu = cpuBetweenAll(before, cpuSnapshots(pids));
  cpu.loadGenerator = plusCpu(cpu.loadGenerator, load.generatorCpuS);
  const total = sumCpu([...apis, ...others].map((p) => cpu[p.name]));
  ctx.say(`${apis.length} api: ${load.rps.toFixed(1)}/s, ${statusLine(load)}`);
  return { apis: apis.length, load, cpu, cpuMsPerSignup: (total * 1000) / Math.max(1, load.ok) };
}

/** Issue 5: POST /users throughput with 2 api processes against 1 (worker and mailbox running). */
export const signupScaleBench: Bench = async (ctx) => {
  const smtpPort = await freePort();
  const dep = await deployment({
    threadpool: ctx.threadpool,
    logDir: ctx.logDir,
    base: { MAIL_TRANSPORT: 'mailbox', MAILBOX: 'on', MAILBOX_SMTP_PORT: String(smtpPort) },
  });
  try {
    const mailbox = await dep.start('mailbox');
    const worker = await dep.start('worker');
    const a = await dep.start('api');
    const one = await signupsOn(ctx, [a], [worker, mailbox]);
    const b = await dep.start('api');
    const two = await signupsOn(ctx, [a, b], [worker, mailbox]);
    const ratio = two.load.rps / one.load.rps;
    const valid = validRun(one.load, 202) && validRun(two.load, 202);
    const cpuRow = (r: ScaleRun): Row => [
      `CPU per signup, ${r.apis} api (all processes)`,
      fmt.ms(r.cpuMsPerSignup),
      Object.entries(r.cpu)
        .map(([name, u]) => `${name} ${u.totalCores.toFixed(2)}`)
        .join(', ') + ' cores',
    ];
    return {
      name: 'signup-scale',
      title: 'Signup throughput (distributed): 2 api processes vs 1',
      settings: {
        connections: ctx.connections,
        durationS: ctx.durationS,
        warmupS: ctx.warmupS,
        uvThreadpoolSize: ctx.threadpool,
        processes: 'node dist/src/cli.js api ×1 then ×2, worker ×1 (MAIL_TRANSPORT=mailbox), mailbox ×1',
        load: `one load generator per api process, the connections split between them: ${ctx.load.label}`,
      },
      results: { oneApi: one, twoApis: two, ratio, valid },
      targets: [],
      rows: [
        ...[one, two].flatMap((r): Row[] => [
          [
            `POST /users, ${r.apis} api (202)`,
            fmt.rate(r.load.rps),
            `p50 ${fmt.ms(r.load.latencyMs.p50)}, p99 ${fmt.ms(r.load.latencyMs.p99)}; ${statusLine(r.load)}`,
          ],
          cpuRow(r),
        ]),
        [
          'signups/s 2 api / 1 api',
          fmt.pct(ratio) + (valid ? '' : ' (invalid run)'),
          'argon2 bounds both on a machine with few cores',
        ],
      ],
    };
  } finally {
    await dep.close();
  }
};

// ---------------------------------------------------------------------------------------------
// 3. courier-scale
// ---------------------------------------------------------------------------------------------

interface DrainRun {
  workers: number;
  /** Filling the queue with no worker running: POST /emails alone. */
  fill: { accepted: number; acceptRate: number; statusCodes: Record<string, number>; errors: number };
  /** Messages timed: from the sink's (N/10)th new message to its Nth, when every worker is running. */
  timed: number;
  drainS: number;
  drainRate: number;
  complete: boolean;
  workerCpu: Record<string, CpuUse>;
  cpuMsPerMessage: number;
}

/**
 * N messages accepted while no worker runs (they wait in the queue), then `workers` worker
 * processes started together; the drain rate is timed from the sink's (N/10)th new message to its
 * Nth, so the workers' start-up (and one starting before the other) stays outside the window.
 */
async function drainWith(
  ctx: BenchContext,
  dep: Deployment,
  api: ServerProcess,
  sink: SmtpSink,
  workers: number,
  n: number,
): Promise<DrainRun> {
  const next = courierMessages(`drain${workers}`);
  ctx.say(`courier-scale: ${n} POST /emails with no worker running`);
  const result = await httpLoad({
    generator: ctx.load.generator,
    url: api.url,
    method: 'POST',
    path: '/emails',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${API_KEY}` },
    connections: ctx.connections,
    bodies: Array.from({ length: n }, () => JSON.stringify(next())),
  });
  const fillS = (result.endMs - result.startMs) / 1000;
  const statusCodes = result.statusCodes;
  const accepted = statusCodes['202'] ?? 0;
  const base = sink.delivered();
  ctx.say(
    `courier-scale: ${accepted} accepted (${(accepted / fillS).toFixed(1)}/s); starting ${workers} worker(s)`,
  );
  const started = await Promise.all(Array.from({ length: workers }, () => dep.start('worker')));
  try {
    const pids = Object.fromEntries(started.map((w) => [w.name, w.pid]));
    const first = Math.max(1, Math.round(n / 10));
    const deadline = performance.now() + Math.max(120_000, n * 40);
    let from: { at: number; count: number; cpu: ReturnType<typeof cpuSnapshots> } | undefined;
    let to: { at: number; count: number; cpu: ReturnType<typeof cpuSnapshots> } | undefined;
    while (performance.now() < deadline) {
      const got = sink.delivered() - base;
      if (!from && got >= first) from = { at: performance.now(), count: got, cpu: cpuSnapshots(pids) };
      if (got >= accepted) {
        to = { at: performance.now(), count: got, cpu: cpuSnapshots(pids) };
        break;
      }
      await sleep(10);
    }
    const complete = to !== undefined;
    to ??= { at: performance.now(), count: sink.delivered() - base, cpu: cpuSnapshots(pids) };
    from ??= { at: to.at, count: to.count, cpu: to.cpu };
    const timed = to.count - from.count;
    const drainS = (to.at - from.at) / 1000;
    const workerCpu = cpuBetweenAll(from.cpu, to.cpu);
    const run: DrainRun = {
      workers,
      fill: { accepted, acceptRate: accepted / fillS, statusCodes, errors: result.errors + result.timeouts },
      timed,
      drainS,
      drainRate: drainS > 0 ? timed / drainS : 0,
      complete,
      workerCpu,
      cpuMsPerMessage: (sumCpu(Object.values(workerCpu)) * 1000) / Math.max(1, timed),
    };
    ctx.say(
      `courier-scale, ${workers} worker(s): ${run.drainRate.toFixed(1)} msg/s${complete ? '' : ' (INCOMPLETE)'}`,
    );
    return run;
  } finally {
    // Stopped before the next phase, so it starts with an empty queue and only its own workers.
    for (const w of started) await w.stop();
  }
}

const validDrain = (r: DrainRun, n: number) =>
  r.complete && r.fill.accepted === n && r.fill.errors === 0 && Object.keys(r.fill.statusCodes).length === 1;

/**
 * Issue 5: delivered msg/s into smtp-sink through 1 worker process, then 2, draining a queue filled
 * through one api process (the api alone accepts about as fast as one worker delivers on 2 cores,
 * so loading both at once would measure the api).
 */
export const courierScaleBench: Bench = async (ctx) => {
  const sink = await startSmtpSink();
  let dep: Deployment | undefined;
  try {
    dep = await deployment({
      threadpool: ctx.threadpool,
      logDir: ctx.logDir,
      base: { MAIL_TRANSPORT: 'smtp', SMTP_URL: sink.url, MAILBOX: 'off', API_KEYS: API_KEY },
    });
    const api = await dep.start('api');
    // Unmeasured: JIT, pool connections, the queue's scripts loaded (a worker drains it).
    await drainWith(ctx, dep, api, sink, 1, warmupCount(ctx));
    const one = await drainWith(ctx, dep, api, sink, 1, ctx.messages);
    const two = await drainWith(ctx, dep, api, sink, 2, ctx.messages);
    const ratio = two.drainRate / one.drainRate;
    const valid = validDrain(one, ctx.messages) && validDrain(two, ctx.messages);
    return {
      name: 'courier-scale',
      title: `Courier (distributed): 2 worker processes vs 1 draining ${ctx.messages} queued messages`,
      settings: {
        messages: ctx.messages,
        warmupMessages: warmupCount(ctx),
        connections: ctx.connections,
        uvThreadpoolSize: ctx.threadpool,
        processes: 'node dist/src/cli.js api ×1; worker ×1 then ×2 (MAIL_TRANSPORT=smtp → smtp-sink)',
        method:
          'fill: N POST /emails with no worker running; drain: start the workers, time the sink from its N/10-th new message to its N-th',
        sink: 'Postfix smtp-sink (/usr/sbin/smtp-sink -c 127.0.0.1:PORT 1000)',
      },
      results: { oneWorker: one, twoWorkers: two, ratio, valid },
      targets: [],
      rows: [
        ...[one, two].flatMap((r): Row[] => [
          [
            `drained into smtp-sink, ${r.workers} worker`,
            `${r.drainRate.toFixed(1)} msg/s`,
            `${r.timed} timed in ${r.drainS.toFixed(2)} s${r.complete ? '' : ' (INCOMPLETE)'}; ${fmt.ms(r.cpuMsPerMessage)} worker CPU / message; ${Object.entries(
              r.workerCpu,
            )
              .map(([name, u]) => `${name} ${u.totalCores.toFixed(2)}`)
              .join(', ')} cores`,
          ],
          [
            `POST /emails before it (no worker)`,
            fmt.rate(r.fill.acceptRate),
            Object.entries(r.fill.statusCodes)
              .map(([c, k]) => `${c}×${k}`)
              .join(' ') + (r.fill.errors ? `, ${r.fill.errors} errors/timeouts` : ''),
          ],
        ]),
        ['drained msg/s 2 workers / 1', fmt.pct(ratio) + (valid ? '' : ' (invalid run)'), ''],
      ],
    };
  } finally {
    await dep?.close();
    await sink.close();
  }
};
