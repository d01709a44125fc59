import assert from 'node:assert/strict';

/**
 * What the outage suites share (test/ops/outage.test.ts: one Redis, PostgreSQL;
 * test/distributed/redis-cluster.test.ts: one master of a cluster): requests timed, the contract's
 * 503 checked, recovery waited for.
 */

/** A JSON POST to the app (`headers`: e.g. X-Forwarded-For under TRUST_PROXY). */
export function post(
  app: { url: string },
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(`${app.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

/** The request's answer and how long it took, in ms. */
export async function timed(request: () => Promise<Response>): Promise<{ res: Response; ms: number }> {
  const started = performance.now();
  const res = await request();
  return { res, ms: performance.now() - started };
}

/** Asserts the contract's 503 for an outage: the code, the shape, a Retry-After, no internals, fast. */
export async function assertOutage(
  answer: { res: Response; ms: number },
  code: 'database_unavailable' | 'redis_unavailable',
): Promise<void> {
  const { res, ms } = answer;
  const text = await res.text();
  assert.equal(res.status, 503, text);
  assert.ok(ms < 1000, `answered in ${ms.toFixed(0)} ms`);
  const body = JSON.parse(text) as Record<string, unknown>;
  assert.deepEqual(Object.keys(body).sort(), ['code', 'message', 'statusCode']);
  assert.equal(body.code, code);
  assert.ok(res.headers.get('x-request-id'));
  assert.ok(Number(res.headers.get('retry-after')) >= 1);
  assert.doesNotMatch(text, /ECONN|127\.0\.0\.1|stream|ioredis|pg|timeout|terminated/i);
  slowest = Math.max(slowest, ms);
}

/** The slowest outage answer seen, reported as a diagnostic. */
let slowest = 0;

export function slowestOutageAnswer(): number {
  return slowest;
}

export async function health(app: {
  url: string;
}): Promise<{ status: number; checks: Record<string, string>; ms: number }> {
  const { res, ms } = await timed(() => fetch(`${app.url}/health`));
  const body = (await res.json()) as { checks: Record<string, string> };
  return { status: res.status, checks: body.checks, ms };
}

/** Retries `attempt` until it holds, for at most `ms`; returns how long recovery took. */
export async function until(what: string, attempt: () => Promise<boolean>, ms = 10_000): Promise<number> {
  const started = Date.now();
  for (;;) {
    if (await attempt()) return Date.now() - started;
    if (Date.now() - started > ms) assert.fail(`${what}: not back within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
