import type { Redis } from '../../infra/redis/redis';
import { RedisScript } from '../../infra/redis/redis-script';
import { ALLOW_ALL, type RateDecision, type RateLimiter } from './rate-limit.port';
import { storedRateKey } from './rate-limit.key';

/**
 * Counts the hit and starts the window in one step: the first hit sets the expiry (NX), later hits
 * leave it alone, so the window is fixed and ends by itself. Returns the count and the time left.
 */
const HIT = new RedisScript(`
local hits = redis.call('INCR', KEYS[1])
redis.call('PEXPIRE', KEYS[1], ARGV[1], 'NX')
return { hits, redis.call('PTTL', KEYS[1]) }
`);

/**
 * The distributed profile's rate limits: one Redis counter per key and window, expiring with the
 * window, so every api process shares the counts and nothing needs sweeping. Keys are stored as
 * HMACs, as in the SQL table.
 */
export class RedisRateLimiter implements RateLimiter {
  constructor(
    private readonly redis: Redis,
    private readonly keyPrefix: string,
    private readonly lookupKey: Buffer,
    private readonly enabled: boolean,
  ) {}

  private redisKey(key: string): string {
    return `${this.keyPrefix}rate:${storedRateKey(this.lookupKey, key)}`;
  }

  async hit(key: string, limit: number, windowSeconds: number): Promise<RateDecision> {
    if (!this.enabled) return ALLOW_ALL;
    const [hits, pttl] = await HIT.run<[number, number]>(
      this.redis,
      [this.redisKey(key)],
      [windowSeconds * 1000],
    );
    const retryAfter = Math.max(1, Math.ceil(pttl / 1000));
    return { allowed: hits <= limit, retryAfter, remaining: Math.max(0, limit - hits) };
  }

  async reset(key: string): Promise<void> {
    if (!this.enabled) return;
    await this.redis.del(this.redisKey(key));
  }
}
