import autocannon from 'autocannon';
import { randomBytes } from 'node:crypto';

export interface LoadOptions {
  url: string;
  connections: number;
  durationS: number;
  /** The status a successful signup answers: 202 for mailgate, 201 for the seed design. */
  expectStatus: number;
}

export interface LoadResult {
  connections: number;
  durationS: number;
  ok: number;
  /** Signups answered with `expectStatus`, per second of the run. */
  rps: number;
  statusCodes: Record<string, number>;
  errors: number;
  timeouts: number;
  latencyMs: { mean: number; p50: number; p90: number; p99: number; max: number };
}

/** Bodies a real client would send; every email is new, so each request is a first signup. */
export function signupBodies(tag: string): () => string {
  const run = randomBytes(4).toString('hex');
  let n = 0;
  return () => {
    n++;
    return JSON.stringify({
      name: `Bench User ${n}`,
      email: `bench-${tag}-${run}-${n}@example.com`,
      password: `correct horse battery staple ${run} ${n}`,
    });
  };
}

/**
 * Closed-loop load: `connections` keep-alive connections each send POST /users and wait for the
 * answer before sending the next, for `durationS`. Throughput counts only expected answers.
 */
export async function signupLoad(opts: LoadOptions, tag: string): Promise<LoadResult> {
  const nextBody = signupBodies(tag);
  const result = await autocannon({
    url: opts.url,
    connections: opts.connections,
    duration: opts.durationS,
    timeout: 30,
    requests: [
      {
        method: 'POST',
        path: '/users',
        headers: { 'content-type': 'application/json' },
        setupRequest: (req) => ({ ...req, body: nextBody() }),
      },
    ],
  });
  const statusCodes = Object.fromEntries(
    Object.entries(result.statusCodeStats).map(([code, s]) => [code, s.count]),
  );
  const ok = statusCodes[String(opts.expectStatus)] ?? 0;
  return {
    connections: opts.connections,
    durationS: result.duration,
    ok,
    rps: ok / result.duration,
    statusCodes,
    errors: result.errors,
    timeouts: result.timeouts,
    latencyMs: latencyOf(result),
  };
}

/** The latency figures a LoadResult keeps, from an autocannon result. */
export function latencyOf(result: { latency: LoadResult['latencyMs'] }): LoadResult['latencyMs'] {
  const { mean, p50, p90, p99, max } = result.latency;
  return { mean, p50, p90, p99, max };
}
