import { hash } from '@node-rs/argon2';
import { randomBytes } from 'node:crypto';
import { cpuBetween, cpuSnapshot, type CpuSnapshot, type CpuUse } from '../support/cpu';
import { summarize, type Summary } from '../support/stats';
import { SIGNUP_ARGON2 } from '../support/argon2.params';

/**
 * The physical limit for signups: argon2id hashes with the signup module's parameters, as fast as
 * this process can do them, `concurrency` at a time (the same number of requests the HTTP load
 * keeps in flight). Run as a child with the same UV_THREADPOOL_SIZE as the app. Counts hashes
 * finished inside the measured window, as autocannon counts answers.
 */
export interface HashResult {
  concurrency: number;
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
  const done: Array<{ at: number; ms: number }> = [];
  const worker = async () => {
    while (performance.now() < until) {
      n++;
      const t0 = performance.now();
      await hash(`correct horse battery staple ${run} ${n}`, SIGNUP_ARGON2);
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
