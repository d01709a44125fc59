import { startMailgate } from './support/app.process';
import { type Bench, type BenchContext, fmt } from './support/bench';
import { round, summarize } from './support/stats';

const PASSWORD = 'correct horse battery staple';

async function post(url: string, path: string, body: unknown): Promise<number> {
  const res = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  await res.arrayBuffer();
  return res.status;
}

/** Signs an account up and verifies it through the link in its mail, as a user would. */
async function createAccount(url: string, email: string): Promise<void> {
  const wait = fetch(`${url}/mailbox/api/wait?to=${encodeURIComponent(email)}&timeout=20000`);
  if ((await post(url, '/users', { name: 'Timing', email, password: PASSWORD })) !== 202)
    throw new Error('signup refused');
  const res = await wait;
  if (res.status !== 200) throw new Error('no verification mail');
  const mail = (await res.json()) as { links: string[] };
  const link = mail.links.find((l) => l.includes('signupVerifyToken='));
  const token = link && new URL(link).searchParams.get('signupVerifyToken');
  if (!token) throw new Error('no verification link in the mail');
  if ((await post(url, '/users/email-verify', { signupVerifyToken: token })) !== 201)
    throw new Error('verification refused');
}

/** Median of the absolute differences of two samples around their pooled median: a noise yardstick. */
function medianAbsDeviation(values: readonly number[]): number {
  const s = summarize(values);
  return summarize(values.map((v) => Math.abs(v - s.p50))).p50;
}

/**
 * Issue 6: POST /users/password-reset must answer in the same time whether or not an account has
 * the address. Requests alternate one by one between an existing account and unknown addresses
 * (so both see the same machine), sequentially, and their latency distributions are compared.
 */
export const resetTimingBench: Bench = async (ctx: BenchContext) => {
  const app = await startMailgate({ transport: 'mailbox', threadpool: ctx.threadpool, logDir: ctx.logDir });
  const rounds = Math.max(50, Math.round(ctx.messages / 20));
  try {
    const account = 'reset.timing@example.com';
    await createAccount(app.url, account);
    const timed = async (email: string) => {
      const t0 = performance.now();
      const status = await post(app.url, '/users/password-reset', { email });
      if (status !== 202) throw new Error(`password reset answered ${status}`);
      return performance.now() - t0;
    };
    for (let i = 0; i < 30; i++) {
      await timed(account);
      await timed(`warm${i}@example.com`);
    }
    ctx.say(`reset timing: ${rounds} requests for each case, interleaved`);
    const existing: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < rounds; i++) {
      // Alternate which goes first, so neither always follows the other's side effects.
      if (i % 2 === 0) {
        existing.push(await timed(account));
        unknown.push(await timed(`nobody${i}@example.com`));
      } else {
        unknown.push(await timed(`nobody${i}@example.com`));
        existing.push(await timed(account));
      }
    }
    const e = summarize(existing);
    const u = summarize(unknown);
    const diff = e.p50 - u.p50;
    const noise = medianAbsDeviation([...existing, ...unknown]);
    const within = Math.abs(diff) <= noise;
    return {
      name: 'reset-timing',
      title: 'Password reset: the same time with and without an account',
      settings: { rounds, transport: 'mailbox', rateLimit: 'off' },
      results: {
        existingMs: e,
        unknownMs: u,
        medianDifferenceMs: round(diff, 2),
        noiseMs: round(noise, 2),
      },
      targets: [
        {
          what: 'p50 difference, account vs no account',
          target: '≤ the noise (median absolute deviation of all requests)',
          measured: `${fmt.ms(diff)} vs noise ${fmt.ms(noise)}`,
          met: within,
        },
      ],
      rows: [
        ['address with an account', `p50 ${fmt.ms(e.p50)}`, `p90 ${fmt.ms(e.p90)}, p99 ${fmt.ms(e.p99)}`],
        ['address without one', `p50 ${fmt.ms(u.p50)}`, `p90 ${fmt.ms(u.p90)}, p99 ${fmt.ms(u.p99)}`],
        ['difference of medians', fmt.ms(diff), `noise (MAD) ${fmt.ms(noise)}`],
      ],
    };
  } finally {
    await app.stop();
  }
};
