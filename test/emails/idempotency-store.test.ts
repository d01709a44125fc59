import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import type { Db, Queryable } from '../../src/infra/db/db.port';
import { migrate } from '../../src/infra/db/migrator';
import { coreMigrations } from '../../src/infra/db/migrations';
import { PgDb } from '../../src/infra/db/pg.db';
import type { IdempotencyStore } from '../../src/modules/emails/idempotency/idempotency.store';
import { RedisIdempotencyStore } from '../../src/modules/emails/idempotency/redis.idempotency.store';
import { SqlIdempotencyStore } from '../../src/modules/emails/idempotency/sql.idempotency.store';
import { redisForTest } from '../support/redis';
import { embeddedDbForTest } from '../support/db-template';
import { freshPostgresDatabase, skipWithout } from '../support/services';

/** A stand-in for the outbox insert: a messages row in the caller's transaction. */
async function insertMessage(tx: Queryable): Promise<string> {
  const id = randomUUID();
  await tx.query(
    `INSERT INTO messages (id, message_id, to_addr, subject, text_body) VALUES ($1, $2, 'a@example.test', 's', 't')`,
    [id, `<${randomUUID()}@test>`],
  );
  return id;
}

interface Harness {
  db: Db;
  store: IdempotencyStore;
  /** Makes the records of `scope` look older than 24 hours. */
  age: (scope: string, key: string) => Promise<void>;
  cleanup: () => Promise<void>;
}

async function postgres(): Promise<{ db: Db; drop: () => Promise<void> }> {
  const { url, drop } = await freshPostgresDatabase();
  const db = await PgDb.open(url, { max: 25 });
  await migrate(db, coreMigrations);
  return { db, drop };
}

async function sql(db: Db, drop: () => Promise<void>): Promise<Harness> {
  return {
    db,
    store: new SqlIdempotencyStore(db),
    age: async (scope) => {
      await db.query(
        `UPDATE idempotency_keys SET created_at = now() - interval '25 hours' WHERE scope = $1`,
        [scope],
      );
    },
    cleanup: async () => {
      await db.close();
      await drop();
    },
  };
}

/**
 * One behavioural suite for every idempotency store: PGlite, PostgreSQL (READ COMMITTED) and Redis
 * (next to PostgreSQL, as in the distributed profile).
 */
function idempotencyContract(name: string, open: () => Promise<Harness>, skip: false | string) {
  describe(`idempotency store: ${name}`, { skip }, () => {
    let h: Harness;
    before(async () => {
      h = await open();
    });
    after(async () => {
      await h.cleanup();
    });

    /** What POST /emails does with a key, minus HTTP (SendEmailService.send). */
    async function request(scope: string, key: string, hash: string) {
      let holder: string | undefined;
      try {
        const result = await h.db.transaction(async (tx) => {
          const claim = await h.store.claim(tx, scope, key, hash);
          if (claim.kind === 'existing') return { ...claim, created: false };
          holder = claim.holder;
          // Hold the key a moment, so concurrent requests really overlap this transaction.
          await tx.query('SELECT pg_sleep(0.05)');
          const messageId = await insertMessage(tx);
          await h.store.bind(tx, scope, key, claim.holder, messageId);
          return { kind: 'claimed' as const, messageId, requestHash: hash, created: true };
        });
        if (holder !== undefined) await h.store.endClaim(scope, key, holder, true);
        return result;
      } catch (err) {
        if (holder !== undefined) await h.store.endClaim(scope, key, holder, false);
        throw err;
      }
    }

    it('20 concurrent requests with one key make one message; the rest see it', async () => {
      const key = randomUUID();
      const results = await Promise.all(Array.from({ length: 20 }, () => request('s1', key, 'h')));
      assert.equal(results.filter((r) => r.created).length, 1);
      assert.equal(new Set(results.map((r) => r.messageId)).size, 1);
      const [{ n }] = await h.db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM messages WHERE id = $1',
        [results[0].messageId],
      );
      assert.equal(n, 1);
    });

    it('a key whose transaction failed is free for the next request', async () => {
      const key = randomUUID();
      let holder = '';
      await assert.rejects(
        h.db.transaction(async (tx) => {
          const claim = await h.store.claim(tx, 's1', key, 'h');
          assert.equal(claim.kind, 'claimed');
          if (claim.kind === 'claimed') holder = claim.holder;
          throw new Error('enqueue failed');
        }),
        /enqueue failed/,
      );
      await h.store.endClaim('s1', key, holder, false);
      assert.equal((await request('s1', key, 'h')).created, true);
    });

    it('scopes keys per API key and expires them after 24 hours', async () => {
      const key = randomUUID();
      const a = await request('s1', key, 'h');
      const b = await request('s2', key, 'h');
      assert.notEqual(a.messageId, b.messageId);
      const replay = await request('s1', key, 'other');
      assert.deepEqual({ created: replay.created, hash: replay.requestHash }, { created: false, hash: 'h' });
      await h.age('s1', key);
      const fresh = await request('s1', key, 'other');
      assert.equal(fresh.created, true);
      await h.age('s2', key);
      // Expired records are taken over either way; the SQL table also needs them swept.
      if (h.store.needsSweeping) assert.ok((await h.store.sweep()) >= 1);
      assert.equal((await request('s2', key, 'h')).created, true);
    });
  });
}

idempotencyContract(
  'PGlite (embedded)',
  async () => {
    // The migrated template copied into a temp dir: no initdb per suite (test/support/db-template.ts).
    const { db, remove } = await embeddedDbForTest();
    return sql(db, remove);
  },
  false,
);

idempotencyContract(
  'PostgreSQL (distributed)',
  async () => {
    const { db, drop } = await postgres();
    return sql(db, drop);
  },
  skipWithout('postgres'),
);

const redisSkip = skipWithout('postgres') || skipWithout('redis');

idempotencyContract(
  'Redis (distributed)',
  async () => {
    const { db, drop } = await postgres();
    const r = await redisForTest();
    const store = new RedisIdempotencyStore(r.redis, r.prefix);
    return {
      db,
      store,
      age: async (scope, key) => {
        await r.redis.pexpire(store.redisKey(scope, key), 1);
        await sleep(5);
      },
      cleanup: async () => {
        await r.cleanup();
        await db.close();
        await drop();
      },
    };
  },
  redisSkip,
);

describe('idempotency store: Redis specifics', { skip: redisSkip || false }, () => {
  let r: Awaited<ReturnType<typeof redisForTest>>;
  let db: Db;
  let drop: () => Promise<void>;
  before(async () => {
    r = await redisForTest();
    ({ db, drop } = await postgres());
  });
  after(async () => {
    await r.cleanup();
    await db.close();
    await drop();
  });

  it('a committed key lives 24 hours; the SQL sweep has nothing to do', async () => {
    const store = new RedisIdempotencyStore(r.redis, r.prefix);
    const claim = await store.claim(db, 's', 'k-ttl', 'h');
    assert.equal(claim.kind, 'claimed');
    if (claim.kind !== 'claimed') return;
    await store.bind(db, 's', 'k-ttl', claim.holder, randomUUID());
    await store.endClaim('s', 'k-ttl', claim.holder, true);
    const ttl = await r.redis.pttl(store.redisKey('s', 'k-ttl'));
    assert.ok(ttl > 23.9 * 3600_000 && ttl <= 24 * 3600_000, `ttl ${ttl}`);
    assert.equal(store.needsSweeping, false);
  });

  it('a claim whose process died is taken over when its lease ends; the old holder cannot bind', async () => {
    const store = new RedisIdempotencyStore(r.redis, r.prefix, { leaseMs: 150, waitMs: 2000 });
    const dead = await store.claim(db, 's', 'k-lease', 'h');
    assert.equal(dead.kind, 'claimed');
    const started = Date.now();
    const next = await store.claim(db, 's', 'k-lease', 'h');
    assert.equal(next.kind, 'claimed');
    assert.ok(Date.now() - started >= 100, 'waited for the lease');
    if (dead.kind === 'claimed')
      await assert.rejects(store.bind(db, 's', 'k-lease', dead.holder, randomUUID()), /claim lost/);
  });

  it('a request gives up waiting on a claim that stays pending', async () => {
    const store = new RedisIdempotencyStore(r.redis, r.prefix, { leaseMs: 60_000, waitMs: 100 });
    await store.claim(db, 's', 'k-stuck', 'h');
    await assert.rejects(store.claim(db, 's', 'k-stuck', 'h'), /held by another request/);
  });
});
