import { startMailgate } from './support/app.process';
import { type Bench, fmt, type Row, validRun } from './support/bench';
import { cpuBetween, cpuSnapshot } from './support/cpu';
import { signupLoad } from './support/signup.load';

/** Consecutive load windows on one app process; the first warms the JIT up. */
const STEPS = 6;

interface Step {
  /** Signups accepted by the end of this step, from the start of the run. */
  total: number;
  accepted: number;
  rate: number;
  /** ms of CPU per accepted signup over the step: the app's main thread, and all its threads. */
  mainMs: number;
  allMs: number;
  valid: boolean;
}

/**
 * Does a signup cost the same after 10,000 as after 1,000? `npm start` as shipped (API, worker
 * and dev mailbox in one process, one data directory) takes `STEPS` consecutive windows of signup
 * load, and each window's CPU per signup is read from /proc. Rates move with the machine; CPU per
 * signup on the app's main thread moves with what the app does per signup, and grows if a
 * statement's cost grows with the data (PGlite has no autovacuum: `PgliteDb.maintain`). No target:
 * the growth from the second window to the last is printed, and `--app-root` compares builds.
 */
export const signupGrowthBench: Bench = async (ctx) => {
  ctx.say(
    `signup growth: ${STEPS} windows of ${ctx.durationS} s on one all-in-one process, ${ctx.connections} connections`,
  );
  const app = await startMailgate({
    threadpool: ctx.threadpool,
    logDir: ctx.logDir,
    profile: false,
    appRoot: ctx.appRoot,
    transport: 'mailbox',
    role: 'all-in-one',
  });
  const steps: Step[] = [];
  try {
    let total = 0;
    for (let i = 0; i < STEPS; i++) {
      const before = cpuSnapshot(app.pid);
      const load = await signupLoad(
        {
          generator: ctx.load.generator,
          url: app.url,
          connections: ctx.connections,
          durationS: ctx.durationS,
          expectStatus: 202,
        },
        `growth${i}`,
      );
      const use = cpuBetween(before, cpuSnapshot(app.pid));
      const n = Math.max(1, load.ok);
      total += load.ok;
      const step: Step = {
        total,
        accepted: load.ok,
        rate: load.rps,
        mainMs: (use.mainS * 1000) / n,
        allMs: ((use.mainS + use.otherS) * 1000) / n,
        valid: validRun(load, 202),
      };
      steps.push(step);
      ctx.say(
        `step ${i + 1}: ${total} signups, ${step.rate.toFixed(1)}/s, main thread ${step.mainMs.toFixed(2)} ms / signup, all threads ${step.allMs.toFixed(2)} ms`,
      );
    }
  } finally {
    await app.stop();
  }
  const second = steps[1];
  const last = steps[steps.length - 1];
  const growth = second && last ? last.mainMs / second.mainMs : NaN;
  const rows: Row[] = steps.map((s, i) => [
    `step ${i + 1}${i === 0 ? ' (warm-up)' : ''}: ${s.total} signups so far`,
    `${s.mainMs.toFixed(2)} ms`,
    `main thread per signup; all threads ${s.allMs.toFixed(2)} ms; ${s.rate.toFixed(1)}/s${s.valid ? '' : '; INVALID (errors or other answers)'}`,
  ]);
  rows.push(['main thread per signup, last step / step 2', fmt.pct(growth), 'flat is 100 %']);
  return {
    name: 'signup-growth',
    title: `Signup cost as data accumulates: ${STEPS} windows of ${ctx.durationS} s, all in one process`,
    settings: {
      steps: STEPS,
      durationS: ctx.durationS,
      connections: ctx.connections,
      appRoot: ctx.appRoot ?? null,
    },
    results: { steps, growth },
    targets: [],
    rows,
  };
};
