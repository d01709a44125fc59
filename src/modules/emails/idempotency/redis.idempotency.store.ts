import { createHash, randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from '../../../infra/redis/redis';
import { RedisScript } from '../../../infra/redis/redis-script';
import { IDEMPOTENCY_TTL_SECONDS, type IdempotencyClaim, type IdempotencyStore } from './idempotency.store';

/**
 * How long a claim may stay 'pending' (between claim and the commit of its message). A process that
 * dies in that window frees the key when the lease ends. Longer than any enqueue transaction.
 */
export const CLAIM_LEASE_MS = 10_000;
/** How long a request waits for another one's pending claim of the same key before giving up. */
export const CLAIM_WAIT_MS = 5_000;
const POLL_MS = 20;

/**
 * Takes the key when it is absent or its pending claim's lease has run out; answers with the bound
 * message otherwise, or 'busy' while another request's claim is pending. The hash lives 24 h from
 * the claim, like `created_at` in the SQL table.
 */
const CLAIM = new RedisScript(`
local now = tonumber(ARGV[1])
local f = redis.call('HMGET', KEYS[1], 'state', 'leaseUntil', 'requestHash', 'messageId')
if f[1] == 'bound' then return { 'existing', f[3], f[4] } end
if f[1] == 'pending' and tonumber(f[2]) > now then return { 'busy' } end
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], 'state', 'pending', 'leaseUntil', now + tonumber(ARGV[2]),
  'holder', ARGV[3], 'requestHash', ARGV[4])
redis.call('PEXPIRE', KEYS[1], ARGV[5])
return { 'claimed' }
`);

const BIND = new RedisScript(`
if redis.call('HGET', KEYS[1], 'holder') ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'messageId', ARGV[2])
return 1
`);

/** Committed: the key answers with its message from now on. Failed: the key is free again. */
const END_CLAIM = new RedisScript(`
local f = redis.call('HMGET', KEYS[1], 'state', 'holder')
if f[1] ~= 'pending' or f[2] ~= ARGV[1] then return 0 end
if ARGV[2] == '1' then
  redis.call('HSET', KEYS[1], 'state', 'bound')
  redis.call('HDEL', KEYS[1], 'leaseUntil', 'holder')
else
  redis.call('DEL', KEYS[1])
end
return 1
`);

/**
 * The distributed profile's Idempotency-Key records: one hash per (scope, key), expiring 24 h after
 * its claim. The message is written to PostgreSQL in a transaction this store cannot join, so a
 * claim is 'pending' until the service reports the commit (`endClaim`): concurrent requests with
 * the key wait for it and then see the committed message, or take the key over when the
 * transaction failed (the claim is deleted) or its process died (the lease ran out).
 */
export class RedisIdempotencyStore implements IdempotencyStore {
  readonly needsSweeping = false;

  constructor(
    private readonly redis: Redis,
    private readonly keyPrefix: string,
    private readonly timing = { leaseMs: CLAIM_LEASE_MS, waitMs: CLAIM_WAIT_MS },
  ) {}

  /** Scope (API key id) and client key hashed: any characters, fixed length. */
  redisKey(scope: string, key: string): string {
    const digest = createHash('sha256').update(scope).update('\0').update(key).digest('base64url');
    return `${this.keyPrefix}idem:${digest}`;
  }

  async claim(_tx: unknown, scope: string, key: string, requestHash: string): Promise<IdempotencyClaim> {
    const redisKey = this.redisKey(scope, key);
    const holder = randomBytes(12).toString('hex');
    const deadline = Date.now() + this.timing.waitMs;
    for (;;) {
      const reply = await CLAIM.run<string[]>(
        this.redis,
        [redisKey],
        [Date.now(), this.timing.leaseMs, holder, requestHash, IDEMPOTENCY_TTL_SECONDS * 1000],
      );
      if (reply[0] === 'claimed') return { kind: 'claimed', holder };
      if (reply[0] === 'existing') return { kind: 'existing', requestHash: reply[1], messageId: reply[2] };
      if (Date.now() >= deadline) throw new Error('idempotency key held by another request for too long');
      await sleep(POLL_MS);
    }
  }

  async bind(_tx: unknown, scope: string, key: string, holder: string, messageId: string): Promise<void> {
    const bound = await BIND.run<number>(this.redis, [this.redisKey(scope, key)], [holder, messageId]);
    // Lost the claim (its lease ran out): committing now could make a second message for the key.
    if (bound !== 1) throw new Error('idempotency claim lost before its message was bound');
  }

  async endClaim(scope: string, key: string, holder: string, committed: boolean): Promise<void> {
    await END_CLAIM.run(this.redis, [this.redisKey(scope, key)], [holder, committed ? '1' : '0']);
  }

  /** Records expire by themselves (24 h TTL). */
  sweep(): Promise<number> {
    return Promise.resolve(0);
  }
}
