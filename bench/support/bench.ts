import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { countInstructions, cpuBetweenAll, cpuSnapshots, type CpuUse, plusCpu } from './cpu';
import { ROOT, type ServerProcess } from './child.process';
import type { LoadGenerator } from './http.load';
import { type LoadFacts, loadFacts, machineFacts, type MachineFacts } from './machine';
import {
  type ProfileShare,
  type QueryCounts,
  queryCountsPerSignup,
  summarizeProfile,
  toggleProfiler,
  waitForProfile,
} from './profile.summary';
import { signupLoad, type LoadResult } from './signup.load';

/** Settings shared by every benchmark of one `run.js` invocation. */
export interface BenchContext {
  /** Requests kept in flight by the HTTP load, and hashes by the raw argon2 run. */
  connections: number;
  /** What sends the HTTP load (pickLoadGenerator in http.load.ts); `label` is printed with the results. */
  load: { generator: LoadGenerator; label: string };
  durationS: number;
  warmupS: number;
  /** UV_THREADPOOL_SIZE for every child process (the app, the seed server, the raw hash run). */
  threadpool: number;
  /** Sequential signups timed to the inbox, and signups timed under concurrent load. */
  inboxSequential: number;
  inboxConcurrent: number;
  smtpDelayMs: number;
  /** Messages per mailbox benchmark (ingest set, stored for memory, mailbox size for IMAP). */
  messages: number;
  /** Whether `messages` was chosen (`--messages`, `--quick`) rather than defaulted: `courier` defaults higher. */
  messagesChosen: boolean;
  logDir: string;
  /** --app-root: run the app from this checkout's build instead (courier, signup, verify, reset-timing: A/B comparisons). */
  appRoot?: string;
  /** Profile the app's main thread over each measured window (servers started with the preload). */
  profile: boolean;
  /** Where the signup benchmark runs the API, the mail worker and the dev mailbox (signup.bench.ts). */
  layouts: readonly ('one' | 'split' | 'api')[];
  /** --stop-worker: reset-timing-dist stops its worker after setup (the answers without its after-work). */
  stopWorker?: boolean;
  command: string;
  say(message: string): void;
}

export interface Target {
  what: string;
  target: string;
  measured: string;
  met: boolean;
}

/** One printed line: what was measured, the figure, and how to read it. */
export type Row = [string, string, string];

export interface BenchReport {
  name: string;
  title: string;
  command: string;
  startedAt: string;
  finishedAt: string;
  machine: MachineFacts;
  loadBefore: LoadFacts;
  loadAfter: LoadFacts;
  settings: Record<string, unknown>;
  results: Record<string, unknown>;
  targets: Target[];
  rows: Row[];
}

export type Bench = (
  ctx: BenchContext,
) => Promise<
  Omit<BenchReport, 'command' | 'startedAt' | 'finishedAt' | 'machine' | 'loadBefore' | 'loadAfter'>
>;

export async function runBench(name: string, bench: Bench, ctx: BenchContext): Promise<BenchReport> {
  const startedAt = new Date().toISOString();
  const loadBefore = loadFacts();
  const body = await bench(ctx);
  const report: BenchReport = {
    ...body,
    name,
    command: ctx.command,
    startedAt,
    finishedAt: new Date().toISOString(),
    machine: machineFacts(),
    loadBefore,
    loadAfter: loadFacts(),
  };
  const dir = path.join(ROOT, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, `${name}.json`), JSON.stringify(report, null, 2) + '\n');
  return report;
}

/** Load with the CPU split of the server and of the load generator (this process) over the window. */
export interface MeasuredLoad {
  load: LoadResult;
  /**
   * `server` is the process the load hits; `others` the other server processes of the layout (a
   * separate dev mailbox, say), by name, so CPU per signup can include everything it caused.
   */
  cpu: { server: CpuUse; loadGenerator: CpuUse; others?: Record<string, CpuUse> };
  /** With --profile: the server's main-thread self time by package or source folder. */
  profile?: ProfileShare[];
  /** With --profile: the same for each of `others`. */
  otherProfiles?: Record<string, ProfileShare[]>;
  /** With --profile: the embedded database's statements per accepted signup, by process name. */
  queries?: Record<string, QueryCounts>;
  /** With `countMail`: messages the dev mailbox stored during the window, and per second. */
  mail?: { delivered: number; rate: number };
  /**
   * Instructions the main thread of each process (`server`, then `others` by name) retired over the
   * window, user and kernel, where Linux perf can count them (`countInstructions`): compare builds by these.
   */
  mainInstructions?: Record<string, number>;
}

/**
 * The dev mailbox numbers messages 1, 2, 3… as it stores them, so the newest id counts deliveries
 * (the benchmarks never delete).
 */
async function newestMessageId(url: string): Promise<number> {
  const res = await fetch(`${url}/mailbox/api/messages?limit=1`);
  const body = (await res.json()) as { messages?: Array<{ id: number }> };
  return body.messages?.[0]?.id ?? 0;
}

async function profileOf(ctx: BenchContext, server: ServerProcess, tag: string) {
  const file = await waitForProfile(ctx.logDir, server.pid);
  if (!file) return undefined;
  const profile = summarizeProfile(file);
  ctx.say(`${tag}: ${server.name} profile ${file}`);
  for (const p of profile) ctx.say(`  ${(p.share * 100).toFixed(1).padStart(5)} %  ${p.where}`);
  return profile;
}

/**
 * A short unmeasured run first (JIT, PGlite's caches, connection set-up) unless `shape.warmup` is
 * false, then the measured one; `shape` overrides the context's connections and duration.
 * `countMail` counts what the dev mailbox of `mailbox` (default: `server`) stored in the window;
 * `others` are further processes of the layout, measured (and profiled) beside `server`.
 */
export async function measuredSignupLoad(
  ctx: BenchContext,
  server: ServerProcess,
  tag: string,
  expectStatus: number,
  shape: {
    connections?: number;
    durationS?: number;
    warmup?: boolean;
    countMail?: boolean;
    mailbox?: ServerProcess;
    others?: ServerProcess[];
  } = {},
): Promise<MeasuredLoad> {
  const opts = {
    generator: ctx.load.generator,
    url: server.url,
    connections: shape.connections ?? ctx.connections,
    expectStatus,
  };
  const others = shape.others ?? [];
  const mailUrl = (shape.mailbox ?? server).url;
  if (shape.warmup !== false) await signupLoad({ ...opts, durationS: ctx.warmupS }, `${tag}-warm`);
  const pids: Record<string, number> = { server: server.pid, loadGenerator: process.pid };
  for (const o of others) pids[o.name] = o.pid;
  if (ctx.profile) for (const p of [server, ...others]) toggleProfiler(p.pid);
  const mailBefore = shape.countMail ? await newestMessageId(mailUrl) : 0;
  const counters = [server, ...others].map(
    (p) => [p === server ? 'server' : p.name, countInstructions([p.pid], { mainThreadOnly: true })] as const,
  );
  const before = cpuSnapshots(pids);
  const load = await signupLoad({ ...opts, durationS: shape.durationS ?? ctx.durationS }, tag);
  const cpu = cpuBetweenAll(before, cpuSnapshots(pids));
  const mainInstructions: Record<string, number> = {};
  for (const [name, counter] of counters) {
    const count = await counter.stop();
    if (count !== undefined) mainInstructions[name] = count.user + count.kernel;
  }
  const delivered = shape.countMail ? (await newestMessageId(mailUrl)) - mailBefore : 0;
  let profile: ProfileShare[] | undefined;
  let otherProfiles: Record<string, ProfileShare[]> | undefined;
  let queries: Record<string, QueryCounts> | undefined;
  if (ctx.profile) {
    for (const p of [server, ...others]) toggleProfiler(p.pid);
    profile = await profileOf(ctx, server, tag);
    otherProfiles = {};
    for (const o of others) {
      const shares = await profileOf(ctx, o, tag);
      if (shares) otherProfiles[o.name] = shares;
    }
    queries = {};
    for (const p of [server, ...others]) {
      const counts = queryCountsPerSignup(ctx.logDir, p.pid, load.ok);
      if (!counts || counts.statements === 0) continue;
      queries[p.name] = counts;
      ctx.say(
        `${tag}: ${p.name} PGlite per signup: ${counts.statements.toFixed(2)} statements, ${counts.transactions.toFixed(2)} transactions, ${counts.wasmCalls.toFixed(1)} WASM calls`,
      );
      for (const q of counts.top.slice(0, 10)) ctx.say(`  ${q.perSignup.toFixed(2).padStart(6)}  ${q.sql}`);
    }
  }
  return {
    load,
    cpu: {
      server: cpu.server,
      loadGenerator: plusCpu(cpu.loadGenerator, load.generatorCpuS),
      ...(others.length > 0 ? { others: Object.fromEntries(others.map((o) => [o.name, cpu[o.name]])) } : {}),
    },
    profile,
    otherProfiles,
    queries,
    mail: shape.countMail ? { delivered, rate: delivered / cpu.server.wallS } : undefined,
    ...(Object.keys(mainInstructions).length > 0 ? { mainInstructions } : {}),
  };
}

export const fmt = {
  rate: (v: number) => `${v.toFixed(1)}/s`,
  ms: (v: number) => `${v.toFixed(v < 10 ? 1 : 0)} ms`,
  pct: (v: number) => `${(v * 100).toFixed(1)} %`,
  cores: (c: CpuUse) => `main ${c.mainCores.toFixed(2)} + other ${c.otherCores.toFixed(2)} cores`,
};

export function statusLine(load: LoadResult): string {
  const codes = Object.entries(load.statusCodes)
    .map(([code, n]) => `${code}×${n}`)
    .join(' ');
  return `${codes || 'no answers'}${load.errors ? `, ${load.errors} errors` : ''}${load.timeouts ? `, ${load.timeouts} timeouts` : ''}`;
}

/**
 * A load run counts only when every answer was the expected one: a run full of 404s or 500s
 * would otherwise "meet" a latency target.
 */
export function validRun(load: LoadResult, expectStatus: number): boolean {
  const others = Object.entries(load.statusCodes).filter(([code]) => code !== String(expectStatus));
  return load.ok > 0 && others.length === 0 && load.errors === 0 && load.timeouts === 0;
}

export function printReport(report: BenchReport, out: (s: string) => void): void {
  const widths = [0, 0];
  for (const [a, b] of report.rows) {
    widths[0] = Math.max(widths[0], a.length);
    widths[1] = Math.max(widths[1], b.length);
  }
  out(`\n## ${report.title}\n`);
  for (const [a, b, c] of report.rows) out(`  ${a.padEnd(widths[0])}  ${b.padStart(widths[1])}  ${c}\n`);
  for (const t of report.targets)
    out(`  ${t.met ? 'MET   ' : 'MISSED'} ${t.what}: ${t.measured} (target ${t.target})\n`);
  out(`  load before ${report.loadBefore.loadavg.join(' ')}, after ${report.loadAfter.loadavg.join(' ')}\n`);
}
