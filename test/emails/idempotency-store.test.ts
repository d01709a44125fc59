import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { Db, Queryable } from '../../src/infra/db/db.port';
import { migrate } from '../../src/infra/db/migrator';
import { coreMigrations } from '../../src/infra/db/migrations';
import { PgDb } from '../../src/infra/db/pg.db';
import { PgliteDb } from '../../src/infra/db/pglite.db';
import { SqlIdempotencyStore } from '../../src/modules/emails/idempotency/sql.idempotency.store';
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

/** One behavioural suite for the SQL idempotency store, on PGlite and on PostgreSQL (READ COMMITTED). */
function idempotencyContract(
  name: string,
  open: () => Promise<{ db: Db; cleanup: () => Promise<void> }>,
  skip: false | string,
) {
  describe(`SqlIdempotencyStore: ${name}`, { skip }, () => {
    let db: Db;
    let cleanup: () => Promise<void>;
    let store: SqlIdempotencyStore;
    before(async () => {
      ({ db, cleanup } = await open());
      await migrate(db, coreMigrations);
      store = new SqlIdempotencyStore(db);
    });
    after(async () => {
      await db.close();
      await cleanup();
    });

    /** What POST /emails does with a key, minus HTTP. */
    function request(scope: string, key: string, hash: string) {
      return db.transaction(async (tx) => {
        const claim = await store.claim(tx, scope, key, hash);
        if (claim.kind === 'existing') return { ...claim, created: false };
        // Hold the key a moment, so concurrent requests really overlap this transaction.
        await tx.query('SELECT pg_sleep(0.05)');
        const messageId = await insertMessage(tx);
        await store.bind(tx, scope, key, messageId);
        return { kind: 'claimed' as const, messageId, requestHash: hash, created: true };
      });
    }

    it('20 concurrent requests with one key make one message; the rest see it', async () => {
      const key = randomUUID();
      const results = await Promise.all(Array.from({ length: 20 }, () => request('s1', key, 'h')));
      assert.equal(results.filter((r) => r.created).length, 1);
      assert.equal(new Set(results.map((r) => r.messageId)).size, 1);
      const [{ n }] = await db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM idempotency_keys WHERE key = $1',
        [key],
      );
      assert.equal(n, 1);
    });

    it('a key rolled back with its transaction is free for the next request', async () => {
      const key = randomUUID();
      await assert.rejects(
        db.transaction(async (tx) => {
          await store.claim(tx, 's1', key, 'h');
          throw new Error('enqueue failed');
        }),
        /enqueue failed/,
      );
      assert.equal((await request('s1', key, 'h')).created, true);
    });

    it('scopes keys per API key and expires them after 24 hours', async () => {
      const key = randomUUID();
      const a = await request('s1', key, 'h');
      const b = await request('s2', key, 'h');
      assert.notEqual(a.messageId, b.messageId);
      const replay = await request('s1', key, 'other');
      assert.deepEqual({ created: replay.created, hash: replay.requestHash }, { created: false, hash: 'h' });
      await db.query(
        `UPDATE idempotency_keys SET created_at = now() - interval '25 hours' WHERE scope = 's1'`,
      );
      const fresh = await request('s1', key, 'other');
      assert.equal(fresh.created, true);
      await db.query(
        `UPDATE idempotency_keys SET created_at = now() - interval '25 hours' WHERE scope = 's2'`,
      );
      assert.ok((await store.sweep()) >= 1);
      assert.equal((await request('s2', key, 'h')).created, true);
    });
  });
}

idempotencyContract(
  'PGlite (embedded)',
  async () => ({ db: await PgliteDb.open(undefined), cleanup: async () => undefined }),
  false,
);

idempotencyContract(
  'PostgreSQL (distributed)',
  async () => {
    const { url, drop } = await freshPostgresDatabase();
    return { db: await PgDb.open(url, { max: 20 }), cleanup: drop };
  },
  skipWithout('postgres'),
);
