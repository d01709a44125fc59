import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { ROOT } from './child.process';
import { TICKS_PER_SECOND } from './cpu';

/**
 * The HTTP load of the benchmarks: closed-loop keep-alive connections, each sending a request and
 * waiting for its answer before the next. wrk (a C client, Debian package `wrk`) when it is
 * installed; autocannon otherwise. The load generator shares the machine's cores with the app, and
 * autocannon costs tens of µs of CPU per request in the bench's own process (JavaScript, its
 * histograms, a body built per request); wrk a few µs on one thread of its own.
 */
export type LoadGenerator = 'wrk' | 'autocannon';

const WRK_SCRIPT = path.join(ROOT, 'bench', 'support', 'http.load.lua');
const TIMEOUT_S = 30;

/** `wrk -v` prints its version (and exits 1); undefined when wrk is not on PATH. */
function wrkVersion(): string | undefined {
  const run = spawnSync('wrk', ['-v'], { encoding: 'utf8' });
  if (run.error) return undefined;
  return /wrk \S+/.exec(run.stdout)?.[0] ?? 'wrk';
}

/** The generator a run uses: the one asked for, else wrk when installed; `label` says which and why. */
export function pickLoadGenerator(wanted?: LoadGenerator): { generator: LoadGenerator; label: string } {
  if (wanted === 'autocannon') return { generator: 'autocannon', label: 'autocannon (--load autocannon)' };
  const version = wrkVersion();
  if (version) return { generator: 'wrk', label: `${version}, 1 thread (bench/support/http.load.lua)` };
  if (wanted === 'wrk') throw new Error('--load wrk: wrk is not installed (apt-get install wrk)');
  return { generator: 'autocannon', label: 'autocannon, in the bench process (wrk not installed)' };
}

interface Common {
  generator: LoadGenerator;
  /** The server's base URL (http://host:port). */
  url: string;
  method: 'POST';
  path: string;
  headers: Record<string, string>;
  connections: number;
}

/**
 * `bodies`: each sent exactly once, the run ends at the answer to the last. `template`: a body with
 * "{n}" where every request puts a number of its own, sent for `durationS`.
 */
export type HttpLoadSpec = Common & ({ bodies: string[] } | { template: string; durationS: number });

export interface HttpLoadResult {
  answers: number;
  statusCodes: Record<string, number>;
  /** Connection errors (connect, read, write); answers with an error status are in statusCodes. */
  errors: number;
  timeouts: number;
  latencyMs: { mean: number; p50: number; p90: number; p99: number; max: number };
  /** First request to last answer, in ms of process.hrtime's clock (CLOCK_MONOTONIC, as wrk's script). */
  startMs: number;
  endMs: number;
  /** CPU seconds of the generator's own process (wrk); 0 for autocannon, which runs in this one. */
  ownCpuS: number;
}

/** A template's body for request number `n`. */
export const fillTemplate = (template: string, n: number) => template.replaceAll('{n}', String(n));

/** Now on the clock of HttpLoadResult's startMs and endMs. */
export const monotonicMs = () => Number(process.hrtime.bigint()) / 1e6;

export function httpLoad(spec: HttpLoadSpec): Promise<HttpLoadResult> {
  if ('bodies' in spec && spec.bodies.length === 0) throw new Error('httpLoad: no bodies');
  return spec.generator === 'wrk' ? wrkLoad(spec) : autocannonLoad(spec);
}

interface WrkOutput {
  answers: number;
  statusCodes: Record<string, number>;
  errors: number;
  timeouts: number;
  latencyUs: HttpLoadResult['latencyMs'];
  firstUs: number;
  lastUs: number;
  cpuTicks: number;
}

async function wrkLoad(spec: HttpLoadSpec): Promise<HttpLoadResult> {
  const dir = mkdtempSync(path.join(tmpdir(), 'mailgate-wrk-'));
  try {
    const file = path.join(dir, 'bodies');
    const once = 'bodies' in spec;
    // One body a line: JSON.stringify never writes a raw line break.
    writeFileSync(file, once ? spec.bodies.join('\n') : spec.template);
    // wrk knows durations only: a run of `bodies` ends itself at the last answer (the script
    // prints wrk-finished and gets SIGINT, which ends wrk's wait), the duration is its deadline.
    const durationS = once ? Math.max(120, Math.ceil(spec.bodies.length / 25)) : spec.durationS;
    const args = [
      ...['-t', '1', '-c', String(spec.connections), '-d', `${durationS}s`, '--timeout', `${TIMEOUT_S}s`],
      ...Object.entries(spec.headers).flatMap(([k, v]) => ['-H', `${k}: ${v}`]),
      ...['-s', WRK_SCRIPT, spec.url + spec.path, '--', spec.method, once ? 'once' : 'template', file],
    ];
    const out = await runWrk(args);
    return {
      answers: out.answers,
      statusCodes: out.statusCodes,
      errors: out.errors,
      timeouts: out.timeouts,
      latencyMs: {
        mean: out.latencyUs.mean / 1000,
        p50: out.latencyUs.p50 / 1000,
        p90: out.latencyUs.p90 / 1000,
        p99: out.latencyUs.p99 / 1000,
        max: out.latencyUs.max / 1000,
      },
      startMs: out.firstUs / 1000,
      endMs: out.lastUs / 1000,
      ownCpuS: out.cpuTicks / TICKS_PER_SECOND,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function runWrk(args: string[]): Promise<WrkOutput> {
  const child = spawn('wrk', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let ending: NodeJS.Timeout | undefined;
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
    if (ending || !stdout.includes('wrk-finished\n')) return;
    // Again until it exits: a SIGINT that lands after wrk set its handler but before its main thread
    // went to sleep (a run shorter than a few printf calls) would leave it sleeping out the deadline.
    const end = () => child.exitCode === null && child.kill('SIGINT');
    end();
    ending = setInterval(end, 500);
  });
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      clearInterval(ending);
      const line = stdout.split('\n').find((l) => l.startsWith('wrk-result '));
      if (line) resolve(JSON.parse(line.slice('wrk-result '.length)) as WrkOutput);
      else reject(new Error(`wrk exited with ${code} and no result:\n${stdout}${stderr}`));
    });
  });
}

async function autocannonLoad(spec: HttpLoadSpec): Promise<HttpLoadResult> {
  let n = 0;
  // Past the last body (autocannon may prepare one request too many) an empty one is sent: it
  // shows up as a 400 and makes the run invalid, never as a body sent twice.
  const next = 'bodies' in spec ? () => spec.bodies[n++] ?? '' : () => fillTemplate(spec.template, ++n);
  const startMs = monotonicMs();
  // autocannon resolves an `amount` run on its next one-second tick, not at the last answer: the
  // last answer's time is the end.
  let endMs = startMs;
  const job = autocannon({
    url: spec.url,
    connections: spec.connections,
    ...('bodies' in spec ? { amount: spec.bodies.length } : { duration: spec.durationS }),
    timeout: TIMEOUT_S,
    requests: [
      {
        method: spec.method,
        path: spec.path,
        headers: spec.headers,
        setupRequest: (req) => ({ ...req, body: next() }),
      },
    ],
  });
  job.on('response', () => (endMs = monotonicMs()));
  const result = await job;
  const statusCodes = Object.fromEntries(
    Object.entries(result.statusCodeStats).map(([code, s]) => [code, s.count]),
  );
  const { mean, p50, p90, p99, max } = result.latency;
  return {
    answers: Object.values(statusCodes).reduce((sum, count) => sum + count, 0),
    statusCodes,
    errors: result.errors,
    timeouts: result.timeouts,
    latencyMs: { mean, p50, p90, p99, max },
    startMs,
    endMs,
    ownCpuS: 0,
  };
}
