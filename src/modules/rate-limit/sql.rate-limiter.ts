import type { Db } from '../../infra/db/db.port';
import { ALLOW_ALL, type RateDecision, type RateHit, type RateLimiter } from './rate-limit.port';
import { storedRateKey } from './rate-limit.key';

/**
 * One upsert per key, each counting the hit or opening a new window when the old one has passed;
 * from the second key on, it runs only if the previous key's count is within its limit.
 * Parameters: $1 now, then per key its stored key, its fresh reset time and (all but the last) its
 * limit.
 */
function chainedHits(count: number): string {
  const steps = Array.from({ length: count }, (_, i) => {
    const [key, fresh] = [`$${3 * i + 2}`, `$${3 * i + 3}`];
    const source =
      i === 0
        ? `VALUES (${key}, 1, ${fresh}::timestamptz)`
        : `SELECT ${key}, 1, ${fresh}::timestamptz FROM h${i} WHERE h${i}.hits <= $${3 * i + 1}::int`;
    return `h${i + 1} AS (INSERT INTO rate_limits (key, hits, reset_at) ${source}
       ON CONFLICT (key) DO UPDATE SET
         hits = CASE WHEN rate_limits.reset_at <= $1 THEN 1 ELSE rate_limits.hits + 1 END,
         reset_at = CASE WHEN rate_limits.reset_at <= $1 THEN EXCLUDED.reset_at ELSE rate_limits.reset_at END
       RETURNING hits, reset_at)`;
  });
  const results = Array.from(
    { length: count },
    (_, i) => `SELECT ${i + 1} AS n, hits, reset_at FROM h${i + 1}`,
  );
  return `WITH ${steps.join(',\n  ')}\n${results.join(' UNION ALL ')}`;
}

/** The clock is injectable so window arithmetic can be tested without waiting. */
export type Clock = () => Date;

/**
 * Fixed-window counters in the `rate_limits` table. One upsert both counts the hit and opens a new
 * window when the old one has passed, so concurrent hits on one key are counted exactly once each
 * (the row lock taken by ON CONFLICT serialises them, on PGlite and PostgreSQL alike).
 *
 * Keys name people (an address, an IP): they are stored as an HMAC (rate-limit.key.ts), so the
 * table never holds an address in plain text.
 */
export class SqlRateLimiter implements RateLimiter {
  constructor(
    private readonly db: Db,
    private readonly lookupKey: Buffer,
    private readonly enabled: boolean,
    private readonly now: Clock = () => new Date(),
  ) {}

  /** The stored form of a key. */
  storedKey(key: string): string {
    return storedRateKey(this.lookupKey, key);
  }

  hit(key: string, limit: number, windowSeconds: number): Promise<RateDecision> {
    return this.hitEach([{ key, limit, windowSeconds }]);
  }

  /**
   * One statement for every key: each key's upsert is a CTE that runs only when the one before it
   * was allowed (it selects from it), so the keys after a refusal are not counted. The same key
   * twice would be one row updated twice by one statement, which PostgreSQL refuses: such a list
   * is split there.
   */
  async hitEach(hits: readonly RateHit[]): Promise<RateDecision> {
    if (!this.enabled) return ALLOW_ALL;
    const repeat = hits.findIndex((h, i) => hits.findIndex((o) => o.key === h.key) < i);
    if (repeat > 0) {
      const first = await this.hitEach(hits.slice(0, repeat));
      return first.allowed ? this.hitEach(hits.slice(repeat)) : first;
    }
    const now = this.now();
    // The last key's limit is checked here, not in SQL (an unused parameter would have no type).
    const params: unknown[] = [now];
    hits.forEach((h, i) => {
      params.push(this.storedKey(h.key), new Date(now.getTime() + h.windowSeconds * 1000));
      if (i < hits.length - 1) params.push(h.limit);
    });
    const rows = await this.db.query<{ n: number; hits: number; reset_at: Date }>(
      chainedHits(hits.length),
      params,
    );
    let decision: RateDecision = ALLOW_ALL;
    for (const row of [...rows].sort((a, b) => a.n - b.n)) {
      const { limit } = hits[row.n - 1];
      const retryAfter = Math.max(1, Math.ceil((new Date(row.reset_at).getTime() - now.getTime()) / 1000));
      decision = { allowed: row.hits <= limit, retryAfter, remaining: Math.max(0, limit - row.hits) };
      if (!decision.allowed) break;
    }
    return decision;
  }

  async reset(key: string): Promise<void> {
    if (!this.enabled) return;
    await this.db.query('DELETE FROM rate_limits WHERE key = $1', [this.storedKey(key)]);
  }

  /** Drops windows that have ended; without it the embedded store would grow with every new IP. */
  async sweep(): Promise<number> {
    const rows = await this.db.query<{ key: string }>(
      'DELETE FROM rate_limits WHERE reset_at <= $1 RETURNING key',
      [this.now()],
    );
    return rows.length;
  }
}
