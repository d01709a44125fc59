import { fork } from 'node:child_process';
import path from 'node:path';
import type { HashResult } from './children/argon2.child';
import {
  type Bench,
  type BenchContext,
  fmt,
  measuredSignupLoad,
  statusLine,
  validRun,
} from './support/bench';
import { timeOneSignup } from './support/inbox.client';
import { signupBodies } from './support/signup.load';
import { startMailgate } from './support/app.process';

/** Runs the raw hash loop in a child process, as the app runs in one, with the same pool size. */
export async function rawHashRate(ctx: BenchContext): Promise<HashResult> {
  const child = fork(
    path.join(__dirname, 'children', 'argon2.child.js'),
    [String(ctx.connections), String(ctx.warmupS), String(ctx.durationS)],
    { env: { PATH: process.env.PATH ?? '', UV_THREADPOOL_SIZE: String(ctx.threadpool) }, execArgv: [] },
  );
  const result = new Promise<HashResult>((resolve, reject) => {
    child.once('message', (m) => resolve(m as HashResult));
    child.once('exit', (code) => reject(new Error(`argon2 child exited (${code}) without a result`)));
  });
  try {
    return await result;
  } finally {
    if (child.exitCode === null) child.kill('SIGTERM');
  }
}

/**
 * Benchmark 1: POST /users throughput against the physical limit, argon2id hashing at the signup
 * module's parameters with the same concurrency and pool size, measured in the same run.
 */
export const signupBench: Bench = async (ctx) => {
  ctx.say(`raw argon2id: ${ctx.connections} in flight, ${ctx.durationS} s`);
  const raw = await rawHashRate(ctx);
  ctx.say(`raw argon2id (${raw.parameters}): ${raw.rate.toFixed(1)} hashes/s`);

  ctx.say(
    `POST /users against mailgate (MAIL_TRANSPORT=mailbox): ${ctx.connections} connections, ${ctx.durationS} s`,
  );
  const app = await startMailgate({
    transport: 'mailbox',
    threadpool: ctx.threadpool,
    logDir: ctx.logDir,
    profile: ctx.profile,
  });
  let signup;
  let sentinel;
  try {
    signup = await measuredSignupLoad(ctx, app, 'signup', 202, { countMail: true });
    // One more signup right after the load, timed to the inbox: if the worker fell behind the
    // HTTP side, its mail waits behind the backlog and this shows how far behind it was.
    sentinel = await timeOneSignup(app.url, signupBodies('sentinel')());
  } finally {
    await app.stop();
  }
  const ratio = signup.load.rps / raw.rate;
  const valid = validRun(signup.load, 202);
  ctx.say(`POST /users: ${signup.load.rps.toFixed(1)}/s = ${fmt.pct(ratio)} of raw`);
  const { load, cpu } = signup;
  return {
    name: 'signup',
    title: 'Signup throughput vs raw argon2id',
    settings: {
      connections: ctx.connections,
      durationS: ctx.durationS,
      warmupS: ctx.warmupS,
      uvThreadpoolSize: ctx.threadpool,
      argon2: raw.parameters,
      app: 'node dist/src/main.js, MAIL_TRANSPORT=mailbox, MAILBOX=on, RATE_LIMIT=off, LOG_LEVEL=warn',
    },
    results: {
      raw,
      signup: signup.load,
      cpu,
      mail: signup.mail,
      ratio,
      valid,
      sentinel,
      profile: signup.profile,
    },
    targets: [
      {
        what: 'POST /users rate / raw argon2id rate',
        target: '>= 90 %',
        measured: fmt.pct(ratio) + (valid ? '' : ' (invalid run)'),
        met: valid && ratio >= 0.9,
      },
    ],
    rows: [
      [
        `raw hash() (${raw.parameters})`,
        fmt.rate(raw.rate),
        `${raw.hashes} hashes, p50 ${fmt.ms(raw.latencyMs.p50)}, ${fmt.cores(raw.cpu)}`,
      ],
      [
        'POST /users (202)',
        fmt.rate(load.rps),
        `${statusLine(load)}; p50 ${fmt.ms(load.latencyMs.p50)}, p99 ${fmt.ms(load.latencyMs.p99)}`,
      ],
      ['ratio', fmt.pct(ratio), 'target >= 90 %'],
      [
        'mail delivered in the window',
        fmt.rate(signup.mail?.rate ?? 0),
        `${signup.mail?.delivered ?? 0} messages stored by the dev mailbox while ${load.ok} signups were accepted`,
      ],
      [
        'mail backlog after the load',
        sentinel.delivered ? fmt.ms(sentinel.inboxMs) : 'not delivered',
        'one more signup right after the load, POST to inbox (small = the worker kept up)',
      ],
      ['app CPU', cpu.server.totalCores.toFixed(2) + ' cores', fmt.cores(cpu.server)],
      [
        'load generator CPU',
        cpu.loadGenerator.totalCores.toFixed(2) + ' cores',
        'autocannon in the bench process',
      ],
      [
        'app main-thread CPU / signup',
        fmt.ms((cpu.server.mainS * 1000) / Math.max(1, load.ok)),
        `other threads ${fmt.ms((cpu.server.otherS * 1000) / Math.max(1, load.ok))} / signup; raw hash ${fmt.ms(((raw.cpu.mainS + raw.cpu.otherS) * 1000) / Math.max(1, raw.hashes))} / hash`,
      ],
    ],
  };
};
