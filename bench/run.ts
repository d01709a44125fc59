import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { imapFetchBench } from './imap-fetch.bench';
import { courierBench } from './courier.bench';
import { courierScaleBench, signupScaleBench, verifyBench } from './distributed.bench';
import { resetTimingBench, resetTimingDistBench } from './reset-timing.bench';
import { inboxBench } from './inbox.bench';
import { mailboxIngestBench } from './mailbox-ingest.bench';
import { mailboxMemoryBench } from './mailbox-memory.bench';
import { mailboxStoreBench } from './mailbox-store.bench';
import { type Bench, type BenchContext, printReport, runBench } from './support/bench';
import { pickLoadGenerator } from './support/http.load';
import { loadFacts, machineFacts, waitForQuiet } from './support/machine';
import { type Layout, LAYOUTS, signupBench } from './signup.bench';
import { sendPathBench } from './send-path.bench';
import { signupGrowthBench } from './signup-growth.bench';
import { slowSmtpBench } from './slow-smtp.bench';

/**
 * `npm run bench` (all benchmarks) or `node dist/bench/run.js <name…> [options]`.
 * Every ratio is taken inside one run against its limit or its peer, never across runs.
 */
const BENCHES: Record<string, Bench> = {
  signup: signupBench,
  'signup-growth': signupGrowthBench,
  'slow-smtp': slowSmtpBench,
  inbox: inboxBench,
  'mailbox-ingest': mailboxIngestBench,
  'mailbox-memory': mailboxMemoryBench,
  'mailbox-store': mailboxStoreBench,
  'imap-fetch': imapFetchBench,
  courier: courierBench,
  'send-path': sendPathBench,
  verify: verifyBench,
  'signup-scale': signupScaleBench,
  'courier-scale': courierScaleBench,
  'reset-timing': resetTimingBench,
  'reset-timing-dist': resetTimingDistBench,
};

const USAGE = `usage: node dist/bench/run.js [${Object.keys(BENCHES).join('|')} …] [options]
  --connections N   requests in flight (HTTP load and raw hashes)      default 16
  --duration S      measured seconds per load run                      default 20
  --warmup S        unmeasured seconds before each load run            default 3
  --threadpool N    UV_THREADPOOL_SIZE for every child process         default $UV_THREADPOOL_SIZE or 4
  --sequential N    signups timed one at a time to the inbox           default 200
  --concurrent N    signups timed to the inbox with N in flight        default 400
  --smtp-delay MS   how long the slow SMTP server takes per message    default 2000
  --messages N      messages per benchmark (courier: default 30000; send-path, courier-scale, mailbox ingest/memory, IMAP;
                    verify: tokens per run)                           default 10000
  --load G          HTTP load generator: wrk (apt-get install wrk) or autocannon
                    default wrk when installed, else autocannon
  --app-root DIR    courier, signup, signup-growth, verify, reset-timing(-dist), mailbox-ingest, mailbox-store: run
                    mailgate from DIR/dist (a baseline checkout, built) for an A/B
  --quick           short runs to check the harness (numbers are not results)
  --layout L,…      signup: one (all in one process), split (dev mailbox in
                    its own process), api (API alone, mail deferred)   default one,split,api
  --profile         CPU-profile the app over each measured window (logs dir; summary on stderr)
  --wait-quiet      wait (up to 20 min) for the 1-minute load to drop below 0.5 first
  --stop-worker     reset-timing-dist: stop the worker once the accounts exist, so the answers are
                    timed without the worker's work after them (an experiment, not a result)
`;

function positive(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number (got ${value})`);
  return n;
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      connections: { type: 'string' },
      duration: { type: 'string' },
      warmup: { type: 'string' },
      threadpool: { type: 'string' },
      sequential: { type: 'string' },
      concurrent: { type: 'string' },
      'smtp-delay': { type: 'string' },
      messages: { type: 'string' },
      'app-root': { type: 'string' },
      load: { type: 'string' },
      quick: { type: 'boolean' },
      'wait-quiet': { type: 'boolean' },
      'stop-worker': { type: 'boolean' },
      profile: { type: 'boolean' },
      layout: { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) return void process.stdout.write(USAGE);
  const names = positionals.length > 0 ? positionals : Object.keys(BENCHES);
  const unknown = names.filter((n) => !(n in BENCHES));
  if (unknown.length > 0) throw new Error(`unknown benchmark ${unknown.join(', ')}\n${USAGE}`);

  const layouts = (values.layout ?? LAYOUTS.join(',')).split(',').map((l) => l.trim());
  const badLayout = layouts.filter((l) => !(LAYOUTS as readonly string[]).includes(l));
  if (badLayout.length > 0) throw new Error(`unknown layout ${badLayout.join(', ')}\n${USAGE}`);
  if (values.load !== undefined && values.load !== 'wrk' && values.load !== 'autocannon')
    throw new Error(`--load must be wrk or autocannon (got ${values.load})\n${USAGE}`);
  const quick = values.quick === true;
  const say = (m: string) => process.stderr.write(`[bench] ${m}\n`);
  const ctx: BenchContext = {
    connections: positive('connections', values.connections, 16),
    load: pickLoadGenerator(values.load),
    durationS: positive('duration', values.duration, quick ? 3 : 20),
    warmupS: positive('warmup', values.warmup, quick ? 1 : 3),
    threadpool: positive('threadpool', values.threadpool ?? process.env.UV_THREADPOOL_SIZE, 4),
    inboxSequential: positive('sequential', values.sequential, quick ? 20 : 200),
    inboxConcurrent: positive('concurrent', values.concurrent, quick ? 40 : 400),
    smtpDelayMs: positive('smtp-delay', values['smtp-delay'], 2000),
    messages: Math.floor(positive('messages', values.messages, quick ? 1000 : 10_000)),
    messagesChosen: values.messages !== undefined || quick,
    appRoot: values['app-root'] === undefined ? undefined : path.resolve(values['app-root']),
    logDir: mkdtempSync(path.join(tmpdir(), 'mailgate-bench-logs-')),
    profile: values.profile === true,
    layouts: layouts as Layout[],
    stopWorker: values['stop-worker'] === true,
    command: ['node', 'dist/bench/run.js', ...process.argv.slice(2)].join(' '),
    say,
  };
  const machine = machineFacts();
  say(
    `${machine.nproc} × ${machine.cpuModel}, Node ${machine.node}; UV_THREADPOOL_SIZE=${ctx.threadpool}; logs in ${ctx.logDir}`,
  );
  say(`HTTP load generator: ${ctx.load.label}`);
  if (values['wait-quiet']) await waitForQuiet(0.5, 20 * 60, say);
  say(`load average ${loadFacts().loadavg.join(' ')}`);
  if (quick) say('--quick: short runs to check the harness; the figures are not results');

  let missed = 0;
  for (const name of names) {
    const report = await runBench(name, BENCHES[name], ctx);
    printReport(report, (s) => process.stdout.write(s));
    missed += report.targets.filter((t) => !t.met).length;
  }
  process.stdout.write(
    `\n${missed === 0 ? 'all targets met' : `${missed} target(s) missed`}; JSON in bench/results/\n`,
  );
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
