import type { Redis } from '../../infra/redis/redis';
import { RedisScript } from '../../infra/redis/redis-script';
import { ALLOW_ALL, type RateDecision, type RateHit, type RateLimiter } from './rate-limit.port';
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
 * Layered limits in one step: for each key in turn (ARGV holds window ms and limit per key), the
 * same as HIT; stops after the first key over its limit. Returns the count and the time left of
 * every key counted.
 */
const HIT_EACH = new RedisScript(`
local out = {}
for i, key in ipairs(KEYS) do
  local hits = redis.call('INCR', key)
  redis.call('PEXPIRE', key, ARGV[2 * i - 1], 'NX')
  out[#out + 1] = hits
  out[#out + 1] = redis.call('PTTL', key)
  if hits > tonumber(ARGV[2 * i]) then break end
end
return out
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

  /**
   * One script for all the keys (see HIT_EACH). On a Redis Cluster the keys (an IP's, an address's)
   * lie in different slots, which one script may not touch, so each is counted by its own script,
   * in order, stopping at the first one over its limit: the same counts, one round trip per key.
   */
  async hitEach(hits: readonly RateHit[]): Promise<RateDecision> {
    if (!this.enabled) return ALLOW_ALL;
    if (this.redis.isCluster) return this.hitInTurn(hits);
    const out = await HIT_EACH.run<number[]>(
      this.redis,
      hits.map((h) => this.redisKey(h.key)),
      hits.flatMap((h) => [h.windowSeconds * 1000, h.limit]),
    );
    let decision: RateDecision = ALLOW_ALL;
    for (let i = 0; i < out.length / 2; i++) {
      const [count, pttl] = [out[2 * i], out[2 * i + 1]];
      const limit = hits[i].limit;
      decision = {
        allowed: count <= limit,
        retryAfter: Math.max(1, Math.ceil(pttl / 1000)),
        remaining: Math.max(0, limit - count),
      };
    }
    return decision;
  }

  private async hitInTurn(hits: readonly RateHit[]): Promise<RateDecision> {
    let decision: RateDecision = ALLOW_ALL;
    for (const h of hits) {
      decision = await this.hit(h.key, h.limit, h.windowSeconds);
      if (!decision.allowed) break;
    }
    return decision;
  }

  async reset(key: string): Promise<void> {
    if (!this.enabled) return;
    await this.redis.del(this.redisKey(key));
  }
}
