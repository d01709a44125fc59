import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type Db, isUniqueViolation } from '../../src/infra/db/db.port';
import { migrate } from '../../src/infra/db/migrator';
import { coreMigrations } from '../../src/infra/db/migrations';
import { PgDb } from '../../src/infra/db/pg.db';
import { PgliteDb } from '../../src/infra/db/pglite.db';
import { freshPostgresDatabase, skipWithout } from '../support/services';

/** One behavioural suite, run against every Db adapter. */
function dbContract(
  name: string,
  open: () => Promise<{ db: Db; cleanup: () => Promise<void> }>,
  skip: false | string,
) {
  describe(`Db adapter: ${name}`, { skip }, () => {
    let db: Db;
    let cleanup: () => Promise<void>;
    before(async () => {
      ({ db, cleanup } = await open());
    });
    after(async () => {
      await db.close();
      await cleanup();
    });

    it('applies the core migrations once, even when asked twice', async () => {
      const first = await migrate(db, coreMigrations);
      assert.deepEqual(
        first,
        coreMigrations.map((m) => m.id),
      );
      assert.deepEqual(await migrate(db, coreMigrations), []);
      const rows = await db.query<{ id: number }>(
        `SELECT id FROM schema_migrations WHERE scope = 'core' ORDER BY id`,
      );
      assert.deepEqual(
        rows.map((r) => r.id),
        first,
      );
    });

    it('commits a transaction that resolves and rolls back one that throws', async () => {
      await db.exec('CREATE TABLE tx_probe (id int PRIMARY KEY)');
      await db.transaction(async (tx) => {
        await tx.query('INSERT INTO tx_probe VALUES ($1)', [1]);
      });
      await assert.rejects(
        db.transaction(async (tx) => {
          await tx.query('INSERT INTO tx_probe VALUES ($1)', [2]);
          throw new Error('boom');
        }),
        /boom/,
      );
      const rows = await db.query<{ id: number }>('SELECT id FROM tx_probe ORDER BY id');
      assert.deepEqual(
        rows.map((r) => r.id),
        [1],
      );
    });

    it('reports unique violations with the PostgreSQL SQLSTATE', async () => {
      const err = await db.query('INSERT INTO tx_probe VALUES (1)').catch((e: unknown) => e);
      assert.ok(isUniqueViolation(err), `expected 23505, got ${String(err)}`);
    });

    it('makes a conditional UPDATE … RETURNING single-winner under concurrency', async () => {
      await db.exec(`CREATE TABLE claim_probe (id int PRIMARY KEY, state text NOT NULL)`);
      await db.query(`INSERT INTO claim_probe VALUES (1, 'pending')`);
      const results = await Promise.all(
        Array.from({ length: 20 }, () =>
          db.transaction((tx) =>
            tx.query(`UPDATE claim_probe SET state = 'done' WHERE id = 1 AND state = 'pending' RETURNING id`),
          ),
        ),
      );
      assert.equal(results.filter((r) => r.length === 1).length, 1);
    });
  });
}

dbContract(
  'PGlite (embedded)',
  async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'mailgate-pglite-'));
    return {
      db: await PgliteDb.open(dir),
      cleanup: async () => rmSync(dir, { recursive: true, force: true }),
    };
  },
  false,
);

dbContract(
  'PostgreSQL (distributed)',
  async () => {
    const database = await freshPostgresDatabase();
    return { db: await PgDb.open(database.url), cleanup: database.drop };
  },
  skipWithout('postgres'),
);
