import { spawn } from 'node:child_process';

/**
 * Instructions retired by one thread over a window, from the CPU's own counter through Linux
 * `perf stat -t` (Debian package `linux-perf`). Unlike CPU time, this count hardly moves with the
 * machine's load: a thread waiting for a core, or running slower because another thread's hashing
 * evicted its caches, still retires the same instructions for the same work. So it is the figure to
 * compare two builds by on a busy machine (docs/benchmarks.md). Resolves undefined where perf is
 * missing or not allowed (`kernel.perf_event_paranoid`, containers without the counter).
 */
export interface InstructionCounter {
  stop(): Promise<number | undefined>;
}

export function countInstructions(tid: number): InstructionCounter {
  let output = '';
  let failed = false;
  const perf = spawn('perf', ['stat', '-x,', '-e', 'instructions', '-t', String(tid)], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  perf.on('error', () => (failed = true)); // not installed
  perf.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => {
    perf.once('close', () => resolve());
    perf.once('error', () => resolve());
  });
  return {
    async stop() {
      if (!failed && perf.exitCode === null) perf.kill('SIGINT');
      await exited;
      if (failed) return undefined;
      // CSV: value,unit,event,… ("<not supported>" or "<not counted>" when there is no counter)
      const line = output.split('\n').find((l) => l.split(',')[2]?.startsWith('instructions'));
      const value = Number(line?.split(',')[0]);
      return Number.isFinite(value) && value > 0 ? value : undefined;
    },
  };
}
