import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { PgDb } from '../../src/infra/db/pg.db';
import { freshPostgresDatabase, skipWithout } from '../support/services';

/**
 * PgDb's named prepared statements (DATABASE_PREPARED_STATEMENTS): a statement with parameters is
 * kept on its connection, and one whose table changed under it (a migration while the api runs)
 * neither fails a plain query nor poisons the connection for the next transaction.
 */

/** The statements kept on the connection that runs this (one per pool of one). */
async function kept(db: PgDb): Promise<string[]> {
  const rows = await db.query<{ statement: string }>(
    'SELECT statement FROM pg_prepared_statements ORDER BY statement',
  );
  return rows.map((r) => r.statement);
}

describe('PgDb named prepared statements', { skip: skipWithout('postgres') }, () => {
  let url: string;
  let drop: () => Promise<void>;

  before(async () => {
    const fresh = await freshPostgresDatabase();
    url = fresh.url;
    drop = fresh.drop;
  });
  after(async () => {
    await drop?.();
  });

  it('keeps a statement with parameters on its connection; none with the setting off', async () => {
    const on = await PgDb.open(url, { max: 1 });
    const off = await PgDb.open(url, { max: 1, prepare: false });
    try {
      for (let i = 0; i < 3; i++) {
        assert.deepEqual(await on.query('SELECT $1::int + 1 AS n', [i]), [{ n: i + 1 }]);
        assert.deepEqual(await off.query('SELECT $1::int + 1 AS n', [i]), [{ n: i + 1 }]);
      }
      assert.deepEqual(await kept(on), ['SELECT $1::int + 1 AS n']);
      assert.deepEqual(await kept(off), []);
    } finally {
      await on.close();
      await off.close();
    }
  });

  it('a table changed under a kept SELECT *: the query answers, and the next transaction works', async () => {
    const db = await PgDb.open(url, { max: 1 });
    const other = await PgDb.open(url, { max: 1 });
    const select = 'SELECT * FROM drifting WHERE a = $1';
    try {
      await other.exec('CREATE TABLE drifting (a int); INSERT INTO drifting VALUES (1)');
      assert.deepEqual(await db.query(select, [1]), [{ a: 1 }]);
      await other.exec('ALTER TABLE drifting ADD COLUMN b int DEFAULT 2');
      // PostgreSQL refuses the kept plan ("cached plan must not change result type"): sent again.
      assert.deepEqual(await db.query(select, [1]), [{ a: 1, b: 2 }]);

      await db.transaction((tx) => tx.query(select, [1])); // kept again on this connection
      await other.exec('ALTER TABLE drifting ADD COLUMN c int DEFAULT 3');
      await assert.rejects(
        db.transaction((tx) => tx.query(select, [1])),
        (err: { code?: string }) => err.code === '0A000',
      );
      // The connection holding the stale statement was dropped, not handed to the next one.
      const rows = await db.transaction((tx) => tx.query(select, [1]));
      assert.deepEqual(rows, [{ a: 1, b: 2, c: 3 }]);
    } finally {
      await db.close();
      await other.close();
    }
  });
});
