import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileShare {
  where: string;
  ms: number;
  share: number;
}

/** Where a frame's code lives: an npm package, a file of ours, Node itself, or V8 (GC, idle). */
function owner(url: string, functionName: string): string {
  if (url === '')
    return functionName.startsWith('(') ? functionName : `(native ${functionName || 'anonymous'})`;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  if (url.startsWith('node:')) return 'node:' + url.slice(5).split('/')[0];
  const ours = /\/dist\/(src\/.*)\.js$/.exec(url);
  if (ours) return ours[1].replace(/\/[^/]+$/, '/');
  return path.basename(url);
}

/** Self time of the main thread by package or source folder, largest first (shares of busy time). */
export function summarizeProfile(file: string, top = 12): ProfileShare[] {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const totals = new Map<string, number>();
  let all = 0;
  profile.samples.forEach((id, i) => {
    const node = byId.get(id);
    const dt = (profile.timeDeltas[i] ?? 0) / 1000;
    if (!node) return;
    const key = owner(node.callFrame.url, node.callFrame.functionName);
    // Idle is not CPU, and `dispatch` is the inspector stopping the profile (the profiler's own cost).
    if (key === '(idle)' || key === '(native dispatch)') return;
    totals.set(key, (totals.get(key) ?? 0) + dt);
    all += dt;
  });
  return [...totals.entries()]
    .map(([where, ms]) => ({ where, ms: Math.round(ms), share: ms / all }))
    .sort((a, b) => b.ms - a.ms)
    .slice(0, top);
}

/** Asks a server started with the preload to start (first call) or stop and write (second) its profile. */
export function toggleProfiler(pid: number): void {
  process.kill(pid, 'SIGWINCH');
}

export async function waitForProfile(dir: string, pid: number): Promise<string | undefined> {
  const file = path.join(dir, `${pid}.cpuprofile`);
  for (let i = 0; i < 100 && !existsSync(file); i++) await sleep(100);
  await sleep(200); // writeFileSync is one call, but let it finish before reading
  return existsSync(file) ? file : undefined;
}

/** The embedded database's work per signup over the window (written by the profile preload). */
export interface QueryCounts {
  /** Statements sent through query/exec (BEGIN and COMMIT not included: see `transactions`). */
  statements: number;
  transactions: number;
  /** Calls into PGlite's WASM instance: six per parameterised query, one per BEGIN or COMMIT. */
  wasmCalls: number;
  /** Statements by text, most frequent first, per signup; `msEach`: mean time in PGlite's WASM. */
  top: Array<{ sql: string; perSignup: number; msEach?: number }>;
}

export function queryCountsPerSignup(dir: string, pid: number, signups: number): QueryCounts | undefined {
  const file = path.join(dir, `${pid}.queries.json`);
  if (!existsSync(file)) return undefined;
  const raw = JSON.parse(readFileSync(file, 'utf8')) as {
    statements: Record<string, number>;
    ms?: Record<string, number>;
    transactions: number;
    wasmCalls: number;
  };
  rmSync(file);
  const n = Math.max(1, signups);
  const entries = Object.entries(raw.statements).sort((a, b) => b[1] - a[1]);
  return {
    statements: entries.reduce((sum, [, count]) => sum + count, 0) / n,
    transactions: raw.transactions / n,
    wasmCalls: raw.wasmCalls / n,
    top: entries.map(([sql, count]) => ({
      sql,
      perSignup: count / n,
      ...(raw.ms?.[sql] === undefined ? {} : { msEach: raw.ms[sql] / count }),
    })),
  };
}
