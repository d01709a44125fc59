import type { Db } from '../../infra/db/db.port';
import { ALLOW_ALL, type RateDecision, type RateLimiter } from './rate-limit.port';
import { storedRateKey } from './rate-limit.key';

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

  async hit(key: string, limit: number, windowSeconds: number): Promise<RateDecision> {
    if (!this.enabled) return ALLOW_ALL;
    const now = this.now();
    const fresh = new Date(now.getTime() + windowSeconds * 1000);
    const [row] = await this.db.query<{ hits: number; reset_at: Date }>(
      `INSERT INTO rate_limits (key, hits, reset_at) VALUES ($1, 1, $3)
       ON CONFLICT (key) DO UPDATE SET
         hits = CASE WHEN rate_limits.reset_at <= $2 THEN 1 ELSE rate_limits.hits + 1 END,
         reset_at = CASE WHEN rate_limits.reset_at <= $2 THEN EXCLUDED.reset_at ELSE rate_limits.reset_at END
       RETURNING hits, reset_at`,
      [this.storedKey(key), now, fresh],
    );
    const retryAfter = Math.max(1, Math.ceil((new Date(row.reset_at).getTime() - now.getTime()) / 1000));
    return { allowed: row.hits <= limit, retryAfter, remaining: Math.max(0, limit - row.hits) };
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
