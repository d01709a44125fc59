import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { openRedis } from '../../src/infra/redis/redis';
import { RedisIdempotencyStore } from '../../src/modules/emails/idempotency/redis.idempotency.store';
import { RedisRateLimiter } from '../../src/modules/rate-limit/redis.rate-limiter';
import { RedisPendingSignupStore } from '../../src/modules/signup/database/redis.pending-signup.store';
import { challengeSlot, SLOT_LENGTH } from '../../src/modules/signup/domain/challenge.secrets';
import { issueChallenge } from '../../src/modules/signup/domain/challenge';
import { hmac } from '../../src/modules/signup/domain/challenge.secrets';
import { OwnRedis, REDIS_SERVER } from '../support/redis-server';
import { skipWithoutBinary } from '../support/services';

/**
 * Redis Cluster runs a script on the node that owns its KEYS' slot, and a script may only touch
 * keys of that slot. Every Lua script of the Redis stores (pending signups, rate limiter,
 * idempotency keys) is run here against a single-node cluster (a private redis-server with
 * `cluster-enabled yes` owning every slot), and MONITOR shows each key a script touched, the ones
 * built inside Lua included: all of them, and the KEYS it declared, must hash to one slot (asked
 * of the server with CLUSTER KEYSLOT, so the test does not trust its own CRC16).
 */

const KEYS = { tokenHmac: randomBytes(32), codeHmac: randomBytes(32) };
const TTL = { tokenTtlSeconds: 3600, codeTtlSeconds: 600 };
const PREFIX = 'slots-test:';

/** Commands whose arguments after the name are all keys; for the others only the first is. */
const ALL_KEYS = new Set(['del', 'exists', 'unlink']);

interface Command {
  args: string[];
  source: string;
}

describe(
  'Redis Cluster: every script touches one slot',
  { skip: skipWithoutBinary(REDIS_SERVER, 'redis-server') },
  () => {
    let server: OwnRedis;
    let redis: Redis;
    let monitor: Redis;
    const seen: Command[] = [];

    before(async () => {
      // cluster-announce-ip: a node that never met another announces no address in CLUSTER SLOTS,
      // and a Cluster client (mailgate's, in the rate limiter's case below) skips such nodes.
      server = await OwnRedis.start([
        '--cluster-enabled',
        'yes',
        '--cluster-config-file',
        'nodes.conf',
        '--cluster-announce-ip',
        '127.0.0.1',
      ]);
      redis = new Redis(server.url, { maxRetriesPerRequest: 1 });
      await redis.call('CLUSTER', 'ADDSLOTSRANGE', '0', '16383');
      for (let i = 0; ; i++) {
        const info = (await redis.call('CLUSTER', 'INFO')) as string;
        if (info.includes('cluster_state:ok')) break;
        if (i > 100) assert.fail(`the single-node cluster did not come up:\n${info}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      monitor = await redis.monitor(); // a connection of its own
      monitor.on('monitor', (_time: string, args: string[], source: string) => seen.push({ args, source }));
    });
    after(async () => {
      monitor?.disconnect();
      redis?.disconnect();
      await server?.stop();
    });

    const slotOf = async (key: string) => Number(await redis.call('CLUSTER', 'KEYSLOT', key));

    /**
     * Runs `op` (one or more script calls, awaited one after another), then returns, for each script
     * call, its declared KEYS and the keys its Lua touched, read from MONITOR up to a marker.
     */
    async function scripts(op: () => Promise<unknown>): Promise<{ declared: string[]; touched: string[] }[]> {
      seen.length = 0;
      await op();
      const marker = `marker-${randomUUID()}`;
      await redis.echo(marker);
      for (let i = 0; !seen.some((c) => c.args[1] === marker); i++) {
        if (i > 200) assert.fail('MONITOR never showed the marker');
        await new Promise((r) => setTimeout(r, 10));
      }
      const calls: { declared: string[]; touched: string[] }[] = [];
      for (const c of seen) {
        const name = c.args[0].toLowerCase();
        if (c.source !== 'lua' && (name === 'evalsha' || name === 'eval')) {
          const n = Number(c.args[2]);
          calls.push({ declared: c.args.slice(3, 3 + n), touched: [] });
        } else if (c.source === 'lua') {
          assert.ok(calls.length > 0, `a Lua command before any script: ${c.args.join(' ')}`);
          calls.at(-1)!.touched.push(...(ALL_KEYS.has(name) ? c.args.slice(1) : [c.args[1]]));
        }
      }
      return calls;
    }

    /** Every script call of `op` declared at least one key and touched only keys of its slot. */
    async function assertOneSlotEach(what: string, op: () => Promise<unknown>, expectedSlot?: number) {
      const calls = await scripts(op);
      assert.ok(calls.length > 0, `${what}: no script ran`);
      for (const call of calls) {
        assert.ok(call.declared.length > 0, `${what}: a script declared no key (it could run on any node)`);
        const slots = new Set(await Promise.all([...call.declared, ...call.touched].map(slotOf)));
        assert.equal(
          slots.size,
          1,
          `${what}: keys in several slots: ${[...call.declared, ...call.touched].join(' ')}`,
        );
        if (expectedSlot !== undefined) assert.deepEqual([...slots], [expectedSlot], what);
      }
    }

    it('pending signups: one address, every operation, one slot (the one its link token names)', async () => {
      const store = new RedisPendingSignupStore(redis, PREFIX);
      const emailKey = 'slot@example.com';
      const slot = await slotOf(`{${challengeSlot(emailKey)}}`);
      const now = new Date();
      const signup = async () => {
        const c = issueChallenge(KEYS, TTL, now, emailKey);
        assert.equal(
          c.token.slice(0, SLOT_LENGTH),
          challengeSlot(emailKey),
          'the token begins with its slot',
        );
        const id = randomUUID();
        await store.create(undefined, {
          id,
          emailKey,
          email: emailKey,
          emailDisplay: emailKey,
          name: 'Slot',
          passwordHash: 'hash',
          locale: 'en',
          tokenHash: c.tokenHash,
          codeHash: c.codeHash,
          expiresAt: c.expiresAt,
          codeExpiresAt: c.codeExpiresAt,
        });
        return { id, token: c.token };
      };
      const ref = (token: string) => ({
        hash: hmac(KEYS.tokenHmac, token),
        slot: token.slice(0, SLOT_LENGTH),
      });

      let b = { id: '', token: '' };
      await assertOneSlotEach(
        'create',
        async () => {
          await signup();
          b = await signup();
        },
        slot,
      );
      await assertOneSlotEach('liveCodes', () => store.liveCodes(undefined, emailKey, now), slot);
      await assertOneSlotEach('settledCodes', () => store.settledCodes(undefined, emailKey), slot);
      const rotated = await store.rotateNewest(
        undefined,
        emailKey,
        issueChallenge(KEYS, TTL, now, emailKey),
        now,
      );
      assert.ok(rotated);
      await assertOneSlotEach(
        'rotateNewest, then the same rotation again',
        async () => {
          const next = issueChallenge(KEYS, TTL, now, emailKey);
          const again = await store.rotateNewest(undefined, emailKey, next, now);
          assert.ok(again);
          assert.equal((await store.rotateNewest(undefined, emailKey, next, now))?.id, again.id);
        },
        slot,
      );
      // A challenge no rotation touched (a rotation replaces the newest one's token), same address.
      const t = await signup();
      // Consume by token, fail (given back), consume again and win (revokes the others).
      await assertOneSlotEach(
        'consumeToken + endClaim',
        async () => {
          const first = await store.consumeToken(undefined, ref(t.token), now);
          assert.equal(first.kind, 'consumed');
          if (first.kind === 'consumed') await store.endClaim(first.signup, 'failed', now);
          const second = await store.consumeToken(undefined, ref(t.token), now);
          assert.equal(second.kind, 'consumed');
          if (second.kind === 'consumed') await store.endClaim(second.signup, 'verified', now);
          assert.equal((await store.consumeToken(undefined, ref(t.token), now)).kind, 'settled');
        },
        slot,
      );
      const c = await signup();
      await assertOneSlotEach(
        'consumeById + revoke + revokeOthers + discard',
        async () => {
          const claimed = await store.consumeById(undefined, emailKey, c.id, now);
          assert.ok(claimed);
          await store.endClaim(claimed, 'lost', now);
          await store.revoke(undefined, { id: b.id, emailKey });
          await store.revokeOthers(undefined, emailKey, t.id, now);
          await store.discard({ id: b.id, emailKey });
        },
        slot,
      );
    });

    it('pending signups: different addresses spread over slots (the tag is per address, not one for all)', async () => {
      const slots = new Set<number>();
      for (let i = 0; i < 20; i++) slots.add(await slotOf(`{${challengeSlot(`user${i}@example.com`)}}`));
      assert.ok(slots.size >= 15, `20 addresses fell in ${slots.size} slots`);
    });

    it('rate limiter and idempotency keys: one key per script', async () => {
      const limiter = new RedisRateLimiter(redis, PREFIX, randomBytes(32), true);
      await assertOneSlotEach('rate limiter hit', () => limiter.hit('verify-ip:10.0.0.1', 5, 60));
      // Layered limits (an IP's and an address's counter, different slots) through mailgate's own
      // connection, which finds out that the server is a cluster node.
      const cluster = await openRedis(server.url);
      try {
        assert.equal(cluster.isCluster, true);
        const layered = new RedisRateLimiter(cluster, PREFIX, randomBytes(32), true);
        const hits = [
          { key: 'signup-ip:10.0.0.1', limit: 20, windowSeconds: 3600 },
          { key: 'signup-addr:a@example.com', limit: 5, windowSeconds: 3600 },
        ];
        await assertOneSlotEach('rate limiter hitEach on a cluster', () => layered.hitEach(hits));
        assert.equal((await layered.hitEach(hits)).remaining, 3, 'the address counted twice');
      } finally {
        cluster.disconnect();
      }
      const idempotency = new RedisIdempotencyStore(redis, PREFIX);
      await assertOneSlotEach('idempotency claim, bind, end', async () => {
        const claim = await idempotency.claim(undefined, 'scope', 'key-1', 'hash');
        assert.equal(claim.kind, 'claimed');
        if (claim.kind !== 'claimed') return;
        await idempotency.bind(undefined, 'scope', 'key-1', claim.holder, randomUUID());
        await idempotency.endClaim('scope', 'key-1', claim.holder, true);
      });
    });
  },
);
