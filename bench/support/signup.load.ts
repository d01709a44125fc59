import { randomBytes } from 'node:crypto';
import { fillTemplate, httpLoad, type HttpLoadResult, type LoadGenerator } from './http.load';

export interface LoadOptions {
  generator: LoadGenerator;
  url: string;
  connections: number;
  durationS: number;
  /** The status a successful signup answers: 202 for mailgate, 201 for the seed design. */
  expectStatus: number;
}

export interface LoadResult extends Pick<
  HttpLoadResult,
  'statusCodes' | 'errors' | 'timeouts' | 'latencyMs'
> {
  connections: number;
  durationS: number;
  ok: number;
  /** Signups answered with `expectStatus`, per second of the run. */
  rps: number;
  /** CPU seconds of the load generator's own process (wrk; 0 when it ran in the bench process). */
  generatorCpuS: number;
}

/** Signup bodies with "{n}" for a number of each request's own: every email is new. */
function signupTemplate(tag: string): string {
  const run = randomBytes(4).toString('hex');
  return JSON.stringify({
    name: 'Bench User {n}',
    email: `bench-${tag}-${run}-{n}@example.com`,
    password: `correct horse battery staple ${run} {n}`,
  });
}

/** Bodies a real client would send; every email is new, so each request is a first signup. */
export function signupBodies(tag: string): () => string {
  const template = signupTemplate(tag);
  let n = 0;
  return () => fillTemplate(template, ++n);
}

/** The LoadResult of one HTTP load, `ok` counting the answers with `expectStatus`. */
export function loadResult(load: HttpLoadResult, connections: number, expectStatus: number): LoadResult {
  const durationS = (load.endMs - load.startMs) / 1000;
  const ok = load.statusCodes[String(expectStatus)] ?? 0;
  return {
    connections,
    durationS,
    ok,
    rps: ok / durationS,
    statusCodes: load.statusCodes,
    errors: load.errors,
    timeouts: load.timeouts,
    latencyMs: load.latencyMs,
    generatorCpuS: load.ownCpuS,
  };
}

/**
 * Closed-loop load: `connections` keep-alive connections each send POST /users and wait for the
 * answer before sending the next, for `durationS`. Throughput counts only expected answers.
 */
export async function signupLoad(opts: LoadOptions, tag: string): Promise<LoadResult> {
  const load = await httpLoad({
    generator: opts.generator,
    url: opts.url,
    method: 'POST',
    path: '/users',
    headers: { 'content-type': 'application/json' },
    connections: opts.connections,
    template: signupTemplate(tag),
    durationS: opts.durationS,
  });
  return loadResult(load, opts.connections, opts.expectStatus);
}
