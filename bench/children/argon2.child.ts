import { randomBytes } from 'node:crypto';
import { cpuBetween, cpuSnapshot, type CpuSnapshot, type CpuUse } from '../support/cpu';
import { summarize, type Summary } from '../support/stats';
import { hashParameters, signupHasher } from '../support/signup.hasher';

/**
 * The physical limit for signups: argon2id hashes by the signup module's own hasher, as fast as
 * this process can do them, `concurrency` at a time (the same number of requests the HTTP load
 * keeps in flight). Run as a child with the same UV_THREADPOOL_SIZE as the app. Counts hashes
 * finished inside the measured window, as autocannon counts answers.
 */
export interface HashResult {
  concurrency: number;
  /** As the produced hash records them. */
  parameters: string;
  threadpool: string;
  durationS: number;
  hashes: number;
  rate: number;
  latencyMs: Summary;
  cpu: CpuUse;
}

async function main(): Promise<void> {
  const [concurrency, warmupS, durationS] = process.argv.slice(2).map(Number);
  const run = randomBytes(4).toString('hex');
  const until = performance.now() + (warmupS + durationS) * 1000;
  const window = new Promise<[CpuSnapshot, CpuSnapshot]>((resolve) =>
    setTimeout(() => {
      const before = cpuSnapshot(process.pid);
      setTimeout(() => resolve([before, cpuSnapshot(process.pid)]), durationS * 1000);
    }, warmupS * 1000),
  );
  let n = 0;
  let lastHash = '';
  const done: Array<{ at: number; ms: number }> = [];
  const worker = async () => {
    while (performance.now() < until) {
      n++;
      const t0 = performance.now();
      lastHash = await signupHasher.hash(`correct horse battery staple ${run} ${n}`);
      const t1 = performance.now();
      done.push({ at: t1, ms: t1 - t0 });
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const [before, after] = await window;
  const inside = done.filter((d) => d.at >= before.atMs && d.at < after.atMs).map((d) => d.ms);
  const cpu = cpuBetween(before, after);
  const result: HashResult = {
    concurrency,
    parameters: hashParameters(lastHash),
    threadpool: process.env.UV_THREADPOOL_SIZE ?? '4 (default)',
    durationS: cpu.wallS,
    hashes: inside.length,
    rate: inside.length / cpu.wallS,
    latencyMs: summarize(inside),
    cpu,
  };
  process.send?.(result);
}

void main();
