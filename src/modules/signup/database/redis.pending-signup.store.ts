import { randomBytes } from 'node:crypto';
import type { Redis } from '../../../infra/redis/redis';
import { RedisScript } from '../../../infra/redis/redis-script';
import {
  MAX_CODE_TRIES,
  type CodeCandidate,
  type NewPendingSignup,
  type PendingSignup,
  type PendingSignupStore,
  type PendingState,
  type ClaimEnding,
  type RotatedChallenge,
  type TokenOutcome,
  type TokenRef,
} from './pending-signup.store';
import { challengeSlot } from '../domain/challenge.secrets';

/**
 * How long a consumed challenge stays claimed ('verifying') while the caller's PostgreSQL
 * transaction creates the user. A process that dies in between leaves the claim behind; once the
 * lease ends the challenge can be consumed again, and `users.email_key` decides (docs/signup.md).
 */
export const CLAIM_LEASE_MS = 30_000;

// Keys, under the configured prefix (`<prefix>signup:`) and the address's slot S (challengeSlot):
//   {S}:rec:<id>        hash   the record; PEXPIREAT its expiresAt, so a settled one stays a
//                              tombstone (replay → 409) until then and nothing needs sweeping
//   {S}:tok:<hex hash>  string the record id for a link token; same expiry
//   {S}:addr:<emailKey> zset   the address's record ids scored by createdAt; expires with the last one
// `{S}` is a Redis Cluster hash tag: every key of an address's signups is in one slot, so each script
// below touches one slot (test/signup/redis-slots.test.ts checks it). KEYS[1] is the key the script
// starts from (it routes the call on a cluster); ARGV[1] is the slot's key base the others are built from.

/** Shared Lua: key names, the "may be consumed" test and the record read back as a flat array. */
const LIB = `
local P = ARGV[1]
local function rec(id) return P .. 'rec:' .. id end
local function tok(hex) return P .. 'tok:' .. hex end
local function addr(key) return P .. 'addr:' .. key end
local function extend(key, at)
  local cur = redis.call('PEXPIRETIME', key)
  if cur < at then redis.call('PEXPIREAT', key, at) end
end
-- pending, or claimed by a request whose lease has run out (it died before ending its claim)
local function open(r, now)
  local st = redis.call('HGET', r, 'state')
  if st == 'pending' then return true end
  if st == 'verifying' then return tonumber(redis.call('HGET', r, 'leaseUntil')) <= now end
  return false
end
local function claim(r, now, lease, owner)
  redis.call('HSET', r, 'state', 'verifying', 'leaseUntil', now + lease, 'claim', owner)
  return redis.call('HGETALL', r)
end
`;

/** KEYS[1] the record. */
const CREATE = new RedisScript(`${LIB}
local id, exp = ARGV[2], tonumber(ARGV[3])
local r = KEYS[1]
redis.call('HSET', r, unpack(ARGV, 5))
redis.call('PEXPIREAT', r, exp)
redis.call('SET', tok(redis.call('HGET', r, 'tokenHash')), id, 'PXAT', exp)
local a = addr(redis.call('HGET', r, 'emailKey'))
redis.call('ZADD', a, ARGV[4], id)
extend(a, exp)
return 1
`);

/** KEYS[1] the record. */
const DISCARD = new RedisScript(`${LIB}
local r = KEYS[1]
if redis.call('HGET', r, 'state') ~= 'pending' then return 0 end
redis.call('DEL', tok(redis.call('HGET', r, 'tokenHash')))
redis.call('ZREM', addr(redis.call('HGET', r, 'emailKey')), ARGV[2])
redis.call('DEL', r)
return 1
`);

/** KEYS[1] the token's key. */
const CONSUME_TOKEN = new RedisScript(`${LIB}
local now, lease = tonumber(ARGV[2]), tonumber(ARGV[3])
local id = redis.call('GET', KEYS[1])
if not id then return 'invalid' end
local r = rec(id)
if redis.call('EXISTS', r) == 0 then return 'invalid' end
if not open(r, now) then return 'settled' end
if tonumber(redis.call('HGET', r, 'expiresAt')) <= now then return 'invalid' end
return claim(r, now, lease, ARGV[4])
`);

/** KEYS[1] the record. */
const CONSUME_BY_ID = new RedisScript(`${LIB}
local now, lease = tonumber(ARGV[2]), tonumber(ARGV[3])
local r = KEYS[1]
if redis.call('EXISTS', r) == 0 or not open(r, now) then return false end
if tonumber(redis.call('HGET', r, 'expiresAt')) <= now then return false end
return claim(r, now, lease, ARGV[4])
`);

/** Lists the live codes and charges each one try in the same step (see the port). KEYS[1] the address. */
const LIVE_CODES = new RedisScript(`${LIB}
local now, max = tonumber(ARGV[2]), tonumber(ARGV[3])
local a = KEYS[1]
local out = {}
for _, id in ipairs(redis.call('ZRANGE', a, 0, -1)) do
  local r = rec(id)
  if redis.call('EXISTS', r) == 0 then
    redis.call('ZREM', a, id)
  elseif open(r, now)
    and tonumber(redis.call('HGET', r, 'codeExpiresAt')) > now
    and tonumber(redis.call('HGET', r, 'expiresAt')) > now
    and tonumber(redis.call('HGET', r, 'codeFailures')) < max then
    redis.call('HINCRBY', r, 'codeFailures', 1)
    table.insert(out, id)
    table.insert(out, redis.call('HGET', r, 'codeHash'))
  end
end
return out
`);

/** KEYS[1] the address. */
const SETTLED_CODES = new RedisScript(`${LIB}
local out = {}
for _, id in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
  local st = redis.call('HGET', rec(id), 'state')
  if st and st ~= 'pending' then
    table.insert(out, id)
    table.insert(out, redis.call('HGET', rec(id), 'codeHash'))
  end
end
return out
`);

/** KEYS[1] the record. */
const REVOKE = new RedisScript(`${LIB}
if redis.call('EXISTS', KEYS[1]) == 1 then redis.call('HSET', KEYS[1], 'state', 'revoked') end
return 1
`);

/** KEYS[1] the record. */
const WITHDRAW = new RedisScript(`${LIB}
if redis.call('HGET', KEYS[1], 'state') == 'pending' then redis.call('HSET', KEYS[1], 'state', 'revoked') end
return 1
`);

/** Revokes every other open challenge of the address. KEYS[1] the address. */
const REVOKE_OTHERS_LIB = `
local function revokeOthers(a, except, now)
  local n = 0
  for _, id in ipairs(redis.call('ZRANGE', a, 0, -1)) do
    local r = rec(id)
    if id ~= except and redis.call('EXISTS', r) == 1 and open(r, now) then
      redis.call('HSET', r, 'state', 'revoked', 'revokedBy', except)
      n = n + 1
    end
  end
  return n
end
`;

const REVOKE_OTHERS = new RedisScript(`${LIB}${REVOKE_OTHERS_LIB}
return revokeOthers(KEYS[1], ARGV[2], tonumber(ARGV[3]))
`);

/**
 * Ends a claim in one step, after the user's INSERT: 'verified' settles it and revokes the
 * address's other challenges, 'lost' revokes it, 'failed' puts it back. A claim that is no longer
 * this request's (its lease ran out and another took it) is left alone. KEYS[1] the record.
 */
const END_CLAIM = new RedisScript(`${LIB}${REVOKE_OTHERS_LIB}
local id, owner, ending, now = ARGV[2], ARGV[3], ARGV[4], tonumber(ARGV[5])
local r = KEYS[1]
if redis.call('HGET', r, 'state') ~= 'verifying' or redis.call('HGET', r, 'claim') ~= owner then return 0 end
redis.call('HDEL', r, 'leaseUntil', 'claim')
if ending == 'verified' then
  -- The account holds the password now; the tombstone only answers replays until it expires.
  redis.call('HSET', r, 'state', 'verified')
  redis.call('HDEL', r, 'passwordHash')
  revokeOthers(addr(redis.call('HGET', r, 'emailKey')), id, now)
elseif ending == 'lost' then
  redis.call('HSET', r, 'state', 'revoked')
else
  redis.call('HSET', r, 'state', 'pending')
end
return 1
`);

/**
 * The newest live pending record gets the new challenge; a record that holds it already (the same
 * rotation asked again) is returned as it is. KEYS[1] the address.
 */
const ROTATE = new RedisScript(`${LIB}
local now = tonumber(ARGV[2])
local tokenHash, codeHash, codeExp, exp = ARGV[3], ARGV[4], ARGV[5], tonumber(ARGV[6])
local held = redis.call('GET', tok(tokenHash))
if held then
  local r = rec(held)
  if redis.call('HGET', r, 'state') ~= 'pending' then return false end
  return redis.call('HGETALL', r)
end
local best, bestAt
for _, id in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
  local r = rec(id)
  if redis.call('HGET', r, 'state') == 'pending' and tonumber(redis.call('HGET', r, 'expiresAt')) > now then
    local at = tonumber(redis.call('HGET', r, 'createdAt'))
    if not best or at > bestAt or (at == bestAt and id < best) then best, bestAt = id, at end
  end
end
if not best then return false end
local r = rec(best)
redis.call('DEL', tok(redis.call('HGET', r, 'tokenHash')))
redis.call('HSET', r, 'tokenHash', tokenHash, 'codeHash', codeHash, 'codeFailures', 0, 'codeExpiresAt', codeExp,
  'expiresAt', exp)
redis.call('PEXPIREAT', r, exp)
redis.call('SET', tok(tokenHash), best, 'PXAT', exp)
extend(KEYS[1], exp)
return redis.call('HGETALL', r)
`);

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

/** HGETALL's flat [field, value, …] reply as a record. */
function toSignup(flat: string[]): PendingSignup {
  const f: Record<string, string> = {};
  for (let i = 0; i < flat.length; i += 2) f[flat[i]] = flat[i + 1];
  return {
    id: f.id,
    emailKey: f.emailKey,
    email: f.email,
    emailDisplay: f.emailDisplay,
    name: f.name,
    passwordHash: f.passwordHash,
    locale: f.locale,
    tokenHash: Buffer.from(f.tokenHash, 'hex'),
    codeHash: Buffer.from(f.codeHash, 'hex'),
    codeFailures: Number(f.codeFailures),
    codeExpiresAt: new Date(Number(f.codeExpiresAt)),
    expiresAt: new Date(Number(f.expiresAt)),
    state: f.state === 'verifying' ? 'verified' : (f.state as PendingState),
    createdAt: new Date(Number(f.createdAt)),
    claim: f.claim,
  };
}

function toCandidates(flat: string[]): CodeCandidate[] {
  const out: CodeCandidate[] = [];
  for (let i = 0; i < flat.length; i += 2)
    out.push({ id: flat[i], codeHash: Buffer.from(flat[i + 1], 'hex') });
  return out;
}

/**
 * The distributed profile's pending signups (seed 003: "store the pending user in Redis with a TTL,
 * move it to the database once verified"). Each operation is one Lua script, so it is atomic
 * against every other api process; there is no address lock as in SQL because nothing needs one:
 * a consume is a compare-and-set on the record's state, and `users.email_key` in PostgreSQL decides
 * between two challenges of one address. The caller's `tx` is ignored; the caller ends what a
 * script started through `discard` and `endClaim` (docs/signup.md).
 */
export class RedisPendingSignupStore implements PendingSignupStore {
  readonly needsSweeping = false;
  readonly joinsTransaction = false;
  private readonly prefix: string;

  constructor(
    private readonly redis: Redis,
    keyPrefix: string,
    private readonly leaseMs = CLAIM_LEASE_MS,
  ) {
    this.prefix = `${keyPrefix}signup:`;
  }

  /** The key base of a slot's group: `<prefix>signup:{S}:` (a Redis Cluster hash tag). */
  private base(slot: string): string {
    return `${this.prefix}{${slot}}:`;
  }

  private baseOf(emailKey: string): string {
    return this.base(challengeSlot(emailKey));
  }

  private run<T>(script: RedisScript, base: string, key: string, ...args: (string | number)[]): Promise<T> {
    return script.run<T>(this.redis, [base + key], [base, ...args]);
  }

  async create(_tx: unknown, s: NewPendingSignup): Promise<void> {
    const createdAt = Date.now();
    const fields: Record<string, string | number> = {
      id: s.id,
      emailKey: s.emailKey,
      email: s.email,
      emailDisplay: s.emailDisplay,
      name: s.name,
      passwordHash: s.passwordHash,
      locale: s.locale,
      tokenHash: hex(s.tokenHash),
      codeHash: hex(s.codeHash),
      codeFailures: 0,
      codeExpiresAt: s.codeExpiresAt.getTime(),
      expiresAt: s.expiresAt.getTime(),
      state: 'pending',
      createdAt,
    };
    await this.run(
      CREATE,
      this.baseOf(s.emailKey),
      `rec:${s.id}`,
      s.id,
      s.expiresAt.getTime(),
      createdAt,
      ...Object.entries(fields).flat(),
    );
  }

  async discard(signup: Pick<PendingSignup, 'id' | 'emailKey'>): Promise<void> {
    await this.run(DISCARD, this.baseOf(signup.emailKey), `rec:${signup.id}`, signup.id);
  }

  async consumeToken(_tx: unknown, token: TokenRef, now: Date): Promise<TokenOutcome> {
    const reply = await this.run<string | string[]>(
      CONSUME_TOKEN,
      this.base(token.slot),
      `tok:${hex(token.hash)}`,
      now.getTime(),
      this.leaseMs,
      randomBytes(12).toString('hex'),
    );
    if (reply === 'invalid') return { kind: 'invalid' };
    if (reply === 'settled') return { kind: 'settled' };
    return { kind: 'consumed', signup: toSignup(reply as string[]) };
  }

  async liveCodes(_tx: unknown, emailKey: string, now: Date): Promise<CodeCandidate[]> {
    return toCandidates(
      await this.run<string[]>(
        LIVE_CODES,
        this.baseOf(emailKey),
        `addr:${emailKey}`,
        now.getTime(),
        MAX_CODE_TRIES,
      ),
    );
  }

  async settledCodes(_tx: unknown, emailKey: string): Promise<CodeCandidate[]> {
    return toCandidates(await this.run<string[]>(SETTLED_CODES, this.baseOf(emailKey), `addr:${emailKey}`));
  }

  async consumeById(
    _tx: unknown,
    emailKey: string,
    id: string,
    now: Date,
  ): Promise<PendingSignup | undefined> {
    const reply = await this.run<string[] | null>(
      CONSUME_BY_ID,
      this.baseOf(emailKey),
      `rec:${id}`,
      now.getTime(),
      this.leaseMs,
      randomBytes(12).toString('hex'),
    );
    return reply ? toSignup(reply) : undefined;
  }

  async endClaim(signup: PendingSignup, ending: ClaimEnding, now: Date): Promise<void> {
    if (signup.claim === undefined) return;
    await this.run(
      END_CLAIM,
      this.baseOf(signup.emailKey),
      `rec:${signup.id}`,
      signup.id,
      signup.claim,
      ending,
      now.getTime(),
    );
  }

  async revoke(_tx: unknown, signup: Pick<PendingSignup, 'id' | 'emailKey'>): Promise<void> {
    await this.run(REVOKE, this.baseOf(signup.emailKey), `rec:${signup.id}`);
  }

  async withdraw(signup: Pick<PendingSignup, 'id' | 'emailKey'>): Promise<void> {
    await this.run(WITHDRAW, this.baseOf(signup.emailKey), `rec:${signup.id}`);
  }

  async revokeOthers(_tx: unknown, emailKey: string, exceptId: string, now: Date): Promise<number> {
    return this.run<number>(
      REVOKE_OTHERS,
      this.baseOf(emailKey),
      `addr:${emailKey}`,
      exceptId,
      now.getTime(),
    );
  }

  async rotateNewest(
    _tx: unknown,
    emailKey: string,
    next: RotatedChallenge,
    now: Date,
  ): Promise<PendingSignup | undefined> {
    const reply = await this.run<string[] | null>(
      ROTATE,
      this.baseOf(emailKey),
      `addr:${emailKey}`,
      now.getTime(),
      hex(next.tokenHash),
      hex(next.codeHash),
      next.codeExpiresAt.getTime(),
      next.expiresAt.getTime(),
    );
    return reply ? toSignup(reply) : undefined;
  }

  /** Records expire by themselves (PEXPIREAT at their expiry). */
  sweep(): Promise<number> {
    return Promise.resolve(0);
  }
}
