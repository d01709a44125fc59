import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Bench, BenchContext, Row } from './support/bench';
import { fmt } from './support/bench';
import { ROOT } from './support/child.process';
import { benchMessages } from './support/mail.set';
import type { FileMailboxStore } from '../src/modules/mailbox/storage/file-mailbox.store';

interface StoreRun {
  rate: number;
  cpuUsPerMessage: number;
  p50Ms: number;
  p90Ms: number;
}

type StoreClass = typeof FileMailboxStore;

/** The store class of a build (this checkout's, or the one under --app-root). */
function storeOf(root: string): StoreClass {
  const file = path.join(root, 'dist', 'src', 'modules', 'mailbox', 'storage', 'file-mailbox.store.js');
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a build chosen at run time
  return (require(file) as { FileMailboxStore: StoreClass }).FileMailboxStore;
}

/** `connections` appenders, each appending its next message as soon as the last one is durable. */
async function appendAll(
  Store: StoreClass,
  messages: readonly Buffer[],
  connections: number,
): Promise<StoreRun> {
  const dir = mkdtempSync(path.join(tmpdir(), 'mailgate-bench-store-'));
  try {
    const store = await Store.open({ dir, maxMessages: messages.length + 1 });
    const latencies: number[] = [];
    let next = 0;
    const appender = async (): Promise<void> => {
      while (next < messages.length) {
        const body = store.createBody(1024 * 1024);
        await body.write(messages[next++]);
        const started = performance.now();
        const summary = { from: 'bench', toHeader: '', subject: 'bench', date: '', snippet: '' };
        await store.append({ sender: 's@bench.test', recipients: ['r@bench.test'], summary, body });
        latencies.push(performance.now() - started);
      }
    };
    const cpu = process.cpuUsage();
    const started = performance.now();
    await Promise.all(Array.from({ length: connections }, appender));
    const elapsedMs = performance.now() - started;
    const used = process.cpuUsage(cpu);
    await store.close();
    latencies.sort((a, b) => a - b);
    return {
      rate: messages.length / (elapsedMs / 1000),
      cpuUsPerMessage: (used.user + used.system) / messages.length,
      p50Ms: latencies[Math.floor(latencies.length / 2)],
      p90Ms: latencies[Math.floor(latencies.length * 0.9)],
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const describe = (run: StoreRun): string =>
  `${run.cpuUsPerMessage.toFixed(0)} µs CPU/msg; append p50 ${run.p50Ms.toFixed(2)} ms, p90 ${run.p90Ms.toFixed(2)} ms`;

/**
 * The durable store alone, in the bench process (no SMTP, no other process to share the cores
 * with): what a commit costs, A/B against a baseline build's store (--app-root) in alternating
 * rounds, on a fresh data dir in the temp dir each time.
 */
export const mailboxStoreBench: Bench = async (ctx: BenchContext) => {
  const messages = benchMessages(ctx.messages);
  const builds: [string, StoreClass][] = [['this build', storeOf(ROOT)]];
  if (ctx.appRoot) builds.push(['baseline', storeOf(ctx.appRoot)]);
  const rounds = 3;
  const runs = new Map<string, StoreRun[]>(builds.map(([name]) => [name, []]));
  for (let round = 0; round < rounds; round++) {
    // Alternate who goes first, so a load that changes over the run weighs on both.
    const order = round % 2 === 0 ? builds : [...builds].reverse();
    for (const [name, Store] of order) {
      const run = await appendAll(Store, messages, ctx.connections);
      runs.get(name)?.push(run);
      ctx.say(`round ${round + 1} ${name}: ${run.rate.toFixed(0)} msg/s, ${describe(run)}`);
    }
  }
  const rows: Row[] = [];
  for (const [name, list] of runs)
    list.forEach((run, i) => rows.push([`${name}, round ${i + 1}`, fmt.rate(run.rate), describe(run)]));
  return {
    name: 'mailbox-store',
    title: 'Dev mailbox store alone: durable appends (group commit)',
    settings: {
      messages: messages.length,
      connections: ctx.connections,
      rounds,
      baseline: ctx.appRoot ?? '(none)',
    },
    results: Object.fromEntries(runs),
    targets: [],
    rows,
  };
};
