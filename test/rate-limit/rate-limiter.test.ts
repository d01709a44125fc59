import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import type { Db } from '../../src/infra/db/db.port';
import { migrate } from '../../src/infra/db/migrator';
import { coreMigrations } from '../../src/infra/db/migrations';
import { PgDb } from '../../src/infra/db/pg.db';
import type { RateLimiter } from '../../src/modules/rate-limit/rate-limit.port';
import { RedisRateLimiter } from '../../src/modules/rate-limit/redis.rate-limiter';
import { SqlRateLimiter } from '../../src/modules/rate-limit/sql.rate-limiter';
import { redisForTest } from '../support/redis';
import { embeddedDbForTest } from '../support/db-template';
import { freshPostgresDatabase, skipWithout } from '../support/services';

const lookup = Buffer.alloc(32, 7);

interface Harness {
  limiter: (enabled?: boolean) => RateLimiter;
  /** Every key as the store holds it. */
  storedKeys: () => Promise<string[]>;
  cleanup: () => Promise<void>;
}

function sql(db: Db, drop: () => Promise<void>): Harness {
  return {
    limiter: (enabled = true) => new SqlRateLimiter(db, lookup, enabled),
    storedKeys: async () =>
      (await db.query<{ key: string }>('SELECT key FROM rate_limits')).map((r) => r.key),
    cleanup: async () => {
      await db.close();
      await drop();
    },
  };
}

/**
 * One behavioural suite for every rate limiter, on real clocks: PGlite, PostgreSQL and Redis.
 * (sql.rate-limiter.spec.ts covers the SQL window arithmetic with a fake clock.)
 */
function rateLimitContract(name: string, open: () => Promise<Harness>, skip: false | string) {
  describe(`rate limiter: ${name}`, { skip }, () => {
    let h: Harness;
    let limiter: RateLimiter;
    before(async () => {
      h = await open();
      limiter = h.limiter();
    });
    after(async () => {
      await h.cleanup();
    });

    it('allows up to the limit in a window, then refuses with the time left', async () => {
      const decisions = [];
      for (let i = 0; i < 4; i++) decisions.push(await limiter.hit('t:alice@example.com', 3, 60));
      assert.deepEqual(
        decisions.map((d) => d.allowed),
        [true, true, true, false],
      );
      assert.deepEqual(
        decisions.map((d) => d.remaining),
        [2, 1, 0, 0],
      );
      assert.ok(
        decisions[3].retryAfter > 55 && decisions[3].retryAfter <= 60,
        String(decisions[3].retryAfter),
      );
    });

    it('counts concurrent hits exactly', async () => {
      const results = await Promise.all(Array.from({ length: 20 }, () => limiter.hit('t:burst', 5, 60)));
      assert.equal(results.filter((r) => r.allowed).length, 5);
    });

    it('opens a new window once the old one has ended', async () => {
      for (let i = 0; i < 2; i++) await limiter.hit('t:short', 1, 1);
      assert.equal((await limiter.hit('t:short', 1, 1)).allowed, false);
      await sleep(1100);
      const d = await limiter.hit('t:short', 1, 1);
      assert.equal(d.allowed, true);
      assert.equal(d.remaining, 0);
    });

    it('stores keys as HMACs, never the address', async () => {
      const keys = await h.storedKeys();
      assert.ok(keys.length > 0);
      for (const k of keys) {
        assert.doesNotMatch(k, /alice|example/);
        assert.match(k, /t:[A-Za-z0-9_-]{43}$/);
      }
    });

    it('reset forgets a key', async () => {
      await limiter.reset('t:burst');
      assert.equal((await limiter.hit('t:burst', 5, 60)).remaining, 4);
    });

    it('counts layered limits in order and stops at the first one refused', async () => {
      const rules = [
        { key: 't:ip-1', limit: 2, windowSeconds: 60 },
        { key: 't:addr-1', limit: 5, windowSeconds: 120 },
      ];
      const decisions = [];
      for (let i = 0; i < 4; i++) decisions.push(await limiter.hitEach(rules));
      assert.deepEqual(
        decisions.map((d) => d.allowed),
        [true, true, false, false],
      );
      // The refusal is the IP's (60 s window), and the address was counted only while it passed.
      assert.ok(decisions[2].retryAfter <= 60, String(decisions[2].retryAfter));
      assert.equal((await limiter.hit('t:addr-1', 5, 120)).remaining, 2);
      // Refused by the second key: its decision, with its own window.
      const tight = [
        { key: 't:ip-2', limit: 100, windowSeconds: 60 },
        { key: 't:addr-2', limit: 1, windowSeconds: 3600 },
      ];
      assert.equal((await limiter.hitEach(tight)).allowed, true);
      const refused = await limiter.hitEach(tight);
      assert.equal(refused.allowed, false);
      assert.ok(refused.retryAfter > 3500, String(refused.retryAfter));
      assert.equal((await limiter.hit('t:ip-2', 100, 60)).remaining, 97);
    });

    it('counts concurrent layered hits exactly', async () => {
      const rules = [
        { key: 't:ip-burst', limit: 7, windowSeconds: 60 },
        { key: 't:addr-burst', limit: 4, windowSeconds: 60 },
      ];
      const results = await Promise.all(Array.from({ length: 12 }, () => limiter.hitEach(rules)));
      assert.equal(results.filter((r) => r.allowed).length, 4);
      assert.equal((await limiter.hit('t:ip-burst', 7, 60)).remaining, 0); // 12 + 1 counted
      assert.equal((await limiter.hit('t:addr-burst', 100, 60)).remaining, 100 - 8); // 7 passed the IP, + 1
    });

    it('allows everything when RATE_LIMIT=off', async () => {
      const off = h.limiter(false);
      for (let i = 0; i < 5; i++) assert.equal((await off.hit('t:x', 1, 60)).allowed, true);
      const rules = [{ key: 't:x', limit: 1, windowSeconds: 60 }];
      for (let i = 0; i < 3; i++) assert.equal((await off.hitEach(rules)).allowed, true);
    });
  });
}

rateLimitContract(
  'PGlite (embedded)',
  async () => {
    // The migrated template copied into a temp dir: no initdb per suite (test/support/db-template.ts).
    const { db, remove } = await embeddedDbForTest();
    return sql(db, remove);
  },
  false,
);

rateLimitContract(
  'PostgreSQL',
  async () => {
    const { url, drop } = await freshPostgresDatabase();
    const db = await PgDb.open(url);
    await migrate(db, coreMigrations);
    return sql(db, drop);
  },
  skipWithout('postgres'),
);

rateLimitContract(
  'Redis',
  async () => {
    const r = await redisForTest();
    return {
      limiter: (enabled = true) => new RedisRateLimiter(r.redis, r.prefix, lookup, enabled),
      storedKeys: async () => {
        const keys = await r.keys();
        // Every counter expires with its window: nothing to sweep.
        for (const k of keys) assert.ok((await r.redis.pttl(k)) > 0, `${k} has no expiry`);
        return keys;
      },
      cleanup: r.cleanup,
    };
  },
  skipWithout('redis'),
);
