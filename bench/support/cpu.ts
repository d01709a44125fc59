import { readdirSync, readFileSync } from 'node:fs';
import { type ChildProcess, spawn } from 'node:child_process';

/**
 * CPU time of a process split into its main thread (JavaScript, PGlite's WASM, the HTTP stack)
 * and every other thread (libuv's pool, where argon2 runs, plus V8's GC and compiler threads),
 * read from /proc. Node names all its threads "node", so the split is by thread id: the main
 * thread's id is the process id.
 */
export interface CpuSnapshot {
  atMs: number;
  mainS: number;
  otherS: number;
}

export interface CpuUse {
  wallS: number;
  /** CPU seconds, and the same as cores kept busy on average over the window. */
  mainS: number;
  otherS: number;
  mainCores: number;
  otherCores: number;
  totalCores: number;
}

export const TICKS_PER_SECOND = 100; // USER_HZ; `getconf CLK_TCK` is 100 on every Linux the bench targets

function threadTicks(pid: number, tid: string): number {
  try {
    const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
    // Fields after the ")" that closes the command name; utime and stime are fields 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0; // the thread ended between readdir and read
  }
}

export function cpuSnapshot(pid: number): CpuSnapshot {
  let main = 0;
  let other = 0;
  let tids: string[] = [];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    // not Linux, or the process is gone: report zeros rather than fail the benchmark
  }
  for (const tid of tids) {
    const ticks = threadTicks(pid, tid);
    if (Number(tid) === pid) main += ticks;
    else other += ticks;
  }
  return { atMs: performance.now(), mainS: main / TICKS_PER_SECOND, otherS: other / TICKS_PER_SECOND };
}

export function cpuBetween(a: CpuSnapshot, b: CpuSnapshot): CpuUse {
  const wallS = (b.atMs - a.atMs) / 1000;
  const mainS = b.mainS - a.mainS;
  const otherS = b.otherS - a.otherS;
  return {
    wallS,
    mainS,
    otherS,
    mainCores: mainS / wallS,
    otherCores: otherS / wallS,
    totalCores: (mainS + otherS) / wallS,
  };
}

/**
 * `use` plus `seconds` of another process's CPU over the same window, counted as other threads:
 * the load generator is the bench process plus wrk when wrk runs it.
 */
export function plusCpu(use: CpuUse, seconds: number): CpuUse {
  return cpuBetween(
    { atMs: 0, mainS: 0, otherS: 0 },
    { atMs: use.wallS * 1000, mainS: use.mainS, otherS: use.otherS + seconds },
  );
}

/** The same split for several processes at once (the app and the load generator, say). */
export function cpuSnapshots(pids: Record<string, number>): Record<string, CpuSnapshot> {
  return Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, cpuSnapshot(pid)]));
}

export function cpuBetweenAll(
  a: Record<string, CpuSnapshot>,
  b: Record<string, CpuSnapshot>,
): Record<string, CpuUse> {
  return Object.fromEntries(Object.keys(a).map((name) => [name, cpuBetween(a[name], b[name])]));
}

/** Instructions a set of processes executed, user and kernel space (perf stat), for A/B under load. */
export interface InstructionCount {
  user: number;
  kernel: number;
}

/**
 * Starts counting the instructions of `pids` with `perf stat` (when it is on PATH and allowed), so
 * an A/B can compare work done rather than CPU seconds, which a busy machine inflates (cache and
 * core contention). `mainThreadOnly` counts each process's main thread alone (`perf stat -t`: a
 * Node process's main thread has the process's id), leaving out the libuv pool (argon2) and V8's
 * helpers. `stop` ends the count; undefined when perf is missing or refused.
 */
export function countInstructions(
  pids: number[],
  opts: { mainThreadOnly?: boolean } = {},
): { stop(): Promise<InstructionCount | undefined> } {
  let child: ChildProcess;
  const target = opts.mainThreadOnly ? '-t' : '-p';
  try {
    child = spawn(
      'perf',
      ['stat', '-x', ',', '-e', 'instructions:u,instructions:k', target, pids.join(',')],
      {
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
  } catch {
    return { stop: () => Promise.resolve(undefined) };
  }
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((resolve) => {
    child.on('error', () => resolve());
    child.on('close', () => resolve());
  });
  return {
    stop: async () => {
      child.kill('SIGINT');
      await exited;
      const count = (event: string) => {
        const line = stderr.split('\n').find((l) => l.split(',')[2] === event);
        const n = Number(line?.split(',')[0]);
        return Number.isFinite(n) ? n : undefined;
      };
      const user = count('instructions:u');
      const kernel = count('instructions:k');
      return user === undefined || kernel === undefined ? undefined : { user, kernel };
    },
  };
}
