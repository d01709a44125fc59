import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Queryable } from './db.port';
import { parameterText, PgliteDb } from './pglite.db';

describe('parameterText', () => {
  it('writes values as PostgreSQL reads them in text form', () => {
    assert.equal(parameterText(null), null);
    assert.equal(parameterText(undefined), null);
    assert.equal(parameterText(42), '42');
    assert.equal(parameterText(true), 'true');
    assert.equal(parameterText(new Date('2026-11-21T23:00:00.123Z')), '2026-11-21T23:00:00.123Z');
    assert.equal(parameterText(Buffer.from([0, 255, 16])), '\\x00ff10');
    assert.equal(parameterText(new Uint8Array([1, 2]).subarray(1)), '\\x02');
    assert.equal(parameterText({ a: 1 }), '{"a":1}');
    assert.equal(parameterText(['a', 'b"c', 'd\\e', null]), '{"a","b\\"c","d\\\\e",NULL}');
  });
});

describe('PgliteDb prepared statements', () => {
  let db: PgliteDb;
  before(async () => {
    db = await PgliteDb.open(undefined);
    await db.exec(
      'CREATE TABLE probe (id int PRIMARY KEY, tag text, at timestamptz, data bytea, ids uuid[])',
    );
  });
  after(() => db.close());

  it('round-trips every parameter kind through the same statement, run many times', async () => {
    const at = new Date('2026-11-21T23:00:00.123Z');
    const ids = ['6f1c4a52-8e3b-4c1e-9d2a-3b5e7f9a1c2d', '0b7d2e4f-1a3c-4e5b-8f9d-2c4e6a8b0d1f'];
    for (let id = 1; id <= 8; id++)
      await db.query('INSERT INTO probe (id, tag, at, data, ids) VALUES ($1, $2, $3, $4, $5)', [
        id,
        `it's "${id}"`,
        at,
        Buffer.from([id, 0, 255]),
        ids,
      ]);
    const rows = await db.query<{ id: number; tag: string; at: Date; data: Uint8Array; ids: string[] }>(
      'SELECT * FROM probe WHERE id = ANY($1::int[]) ORDER BY id',
      [[3, 8]],
    );
    assert.deepEqual(
      rows.map((r) => [r.id, r.tag, r.at.getTime(), [...r.data], r.ids]),
      [
        [3, `it's "3"`, at.getTime(), [3, 0, 255], ids],
        [8, `it's "8"`, at.getTime(), [8, 0, 255], ids],
      ],
    );
  });

  it('keeps a statement usable after one of its runs failed', async () => {
    const insert = 'INSERT INTO probe (id, tag) VALUES ($1, $2)';
    await assert.rejects(db.query(insert, [1, 'duplicate']), { code: '23505' });
    await db.query(insert, [100, 'after']);
    const [row] = await db.query<{ tag: string }>('SELECT tag FROM probe WHERE id = $1', [100]);
    assert.equal(row.tag, 'after');
  });

  it('refuses a statement that does not parse, and says so each time', async () => {
    await assert.rejects(db.query('SELEC nothing'), { code: '42601' });
    await assert.rejects(db.query('SELEC nothing'), { code: '42601' });
    const [row] = await db.query<{ n: number }>('SELECT $1::int AS n', [7]);
    assert.equal(row.n, 7);
  });

  it('re-plans after a script changes the schema under a kept statement', async () => {
    const select = 'SELECT * FROM probe WHERE id = $1';
    assert.equal((await db.query<Record<string, unknown>>(select, [100]))[0].extra, undefined);
    await db.exec("ALTER TABLE probe ADD COLUMN extra text DEFAULT 'x'");
    assert.equal((await db.query<Record<string, unknown>>(select, [100]))[0].extra, 'x');
  });

  it('prepares inside transactions too, and keeps the statement when its transaction rolls back', async () => {
    // First seen inside the transaction that rolls back: the statement must outlive it.
    const insert = 'INSERT INTO probe (tag, id) VALUES ($2, $1)';
    await assert.rejects(
      db.transaction(async (tx) => {
        await tx.query(insert, [200, 'rolled back']);
        throw new Error('boom');
      }),
      /boom/,
    );
    await db.transaction(async (tx) => {
      await tx.query(insert, [201, 'kept']);
    });
    const rows = await db.query<{ id: number }>('SELECT id FROM probe WHERE id >= 200 ORDER BY id');
    assert.deepEqual(
      rows.map((r) => r.id),
      [201],
    );
  });
});

describe('PgliteDb transactions', () => {
  let db: PgliteDb;
  /** Calls into PGlite's WASM instance (one per `execProtocol`) since the last reset. */
  let calls = 0;
  before(async () => {
    db = await PgliteDb.open(undefined);
    await db.exec('CREATE TABLE t (id int PRIMARY KEY, tag text)');
    const pg = (db as unknown as { pg: { execProtocol: (...a: unknown[]) => Promise<unknown> } }).pg;
    const execProtocol = pg.execProtocol.bind(pg);
    pg.execProtocol = (...args: unknown[]) => {
      calls++;
      return execProtocol(...args);
    };
  });
  after(() => db.close());
  const ids = async (from: number) =>
    (await db.query<{ id: number }>('SELECT id FROM t WHERE id >= $1 ORDER BY id', [from])).map((r) => r.id);
  const insert = 'INSERT INTO t (id, tag) VALUES ($1, $2)';

  it('sends a transaction of deferred writes as one call, with no BEGIN or COMMIT', async () => {
    calls = 0;
    await db.transaction(async (tx) => {
      tx.deferWrite?.(insert, [1, 'a']);
      tx.deferWrite?.(insert, [2, 'b']);
    });
    assert.equal(calls, 1);
    assert.deepEqual(await ids(1), [1, 2]);
  });

  it('writes none of the deferred writes when one of them fails', async () => {
    await assert.rejects(
      db.transaction(async (tx) => {
        tx.deferWrite?.(insert, [10, 'new']);
        tx.deferWrite?.(insert, [1, 'duplicate']);
      }),
      { code: '23505' },
    );
    assert.deepEqual(await ids(10), []);
    await db.query(insert, [11, 'the connection is usable']);
    assert.deepEqual(await ids(10), [11]);
  });

  it('runs deferred writes before the next statement, in the same call, and commits with one more', async () => {
    calls = 0;
    const seen = await db.transaction(async (tx) => {
      tx.deferWrite?.(insert, [20, 'first']);
      return tx.query<{ tag: string }>('SELECT tag FROM t WHERE id = $1', [20]);
    });
    assert.deepEqual(seen, [{ tag: 'first' }]);
    assert.equal(calls, 2); // BEGIN + the write + the SELECT, then COMMIT
    assert.deepEqual(await ids(20), [20]);
  });

  it('rolls back everything, sent or queued, when the function throws', async () => {
    await assert.rejects(
      db.transaction(async (tx) => {
        await tx.query(insert, [30, 'sent']);
        tx.deferWrite?.(insert, [31, 'queued']);
        throw new Error('boom');
      }),
      /boom/,
    );
    await assert.rejects(
      db.transaction(async (tx) => {
        tx.deferWrite?.(insert, [32, 'queued only']);
        throw new Error('boom');
      }),
      /boom/,
    );
    assert.deepEqual(await ids(30), []);
  });

  it('fails the deferred write’s transaction at the next statement, and rolls it back', async () => {
    await assert.rejects(
      db.transaction(async (tx) => {
        await tx.query(insert, [40, 'sent']);
        tx.deferWrite?.(insert, [1, 'duplicate']);
        await tx.query('SELECT 1');
      }),
      { code: '23505' },
    );
    assert.deepEqual(await ids(40), []);
  });

  it('refuses to commit a transaction whose error was caught, and writes nothing of it', async () => {
    await assert.rejects(
      db.transaction(async (tx) => {
        await tx.query(insert, [50, 'sent']);
        await tx.query(insert, [1, 'duplicate']).catch(() => undefined);
      }),
      /rolled back instead of committed/,
    );
    await assert.rejects(
      db.transaction(async (tx) => {
        await tx.query(insert, [51, 'sent']);
        await tx.query(insert, [1, 'duplicate']).catch(() => undefined);
        tx.deferWrite?.(insert, [52, 'queued']);
      }),
      { code: '25P02' }, // the queued write, sent with COMMIT, is refused first
    );
    assert.deepEqual(await ids(50), []);
  });

  it('runs scripts inside a transaction and undoes them with it', async () => {
    await assert.rejects(
      db.transaction(async (tx) => {
        await tx.exec('CREATE TABLE gone (id int); INSERT INTO gone VALUES (1)');
        throw new Error('boom');
      }),
      /boom/,
    );
    await assert.rejects(db.query('SELECT * FROM gone'), { code: '42P01' });
    calls = 0;
    await db.transaction(async (tx) => {
      tx.deferWrite?.(insert, [60, 'before the script']);
      await tx.exec('CREATE TABLE kept (id int); INSERT INTO kept VALUES (1)');
      await tx.exec('INSERT INTO kept VALUES (2)');
    });
    assert.equal(calls, 4); // BEGIN + the write, two scripts, COMMIT
    assert.deepEqual(await db.query('SELECT id FROM kept ORDER BY id'), [{ id: 1 }, { id: 2 }]);
    assert.deepEqual(await ids(60), [60]);
  });

  it('refuses statements once the transaction has ended', async () => {
    let kept: Queryable | undefined;
    await db.transaction(async (tx) => {
      kept = tx;
    });
    await assert.rejects(kept!.query('SELECT 1'), /Transaction is closed/);
    assert.throws(() => kept!.deferWrite?.(insert, [70, 'late']), /Transaction is closed/);
  });
});

describe('PgliteDb maintenance (PGlite has no autovacuum)', () => {
  const lookup = 'SELECT v FROM grown WHERE id = ANY($1::int[])';

  /** What running `lookup` through its kept statement reads: EXPLAIN EXECUTE shows the cached plan. */
  async function lookupPlan(db: PgliteDb): Promise<{ node: string; buffers: number }> {
    const name = (db as unknown as { prepared: Map<string, string> }).prepared.get(lookup);
    assert.ok(name, 'the lookup has a kept statement');
    const [row] = await db.query<{
      'QUERY PLAN': [{ Plan: { 'Node Type': string; 'Shared Hit Blocks': number } }];
    }>(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) EXECUTE ${name}('{1,2,3}')`);
    const plan = row['QUERY PLAN'][0].Plan;
    return { node: plan['Node Type'], buffers: plan['Shared Hit Blocks'] };
  }

  it('plans a kept statement again with fresh statistics once the table has grown', async () => {
    const db = await PgliteDb.open(undefined, { maintenance: false });
    try {
      await db.exec('CREATE TABLE grown (id int PRIMARY KEY, v text)');
      await db.query(`INSERT INTO grown SELECT g, 'x' FROM generate_series(1, 5) g`);
      await db.maintain(); // statistics of a five-row table: one page
      // Used while the table is tiny: PostgreSQL settles on a generic plan (a sequential scan).
      for (let i = 0; i < 10; i++) await db.query(lookup, [[1, 2, 3]]);
      // Through query: exec (a script, which may change the schema) would drop the kept statements.
      await db.query(`INSERT INTO grown SELECT g, repeat('x', 200) FROM generate_series(6, 20000) g`);
      for (let i = 0; i < 3; i++) await db.query(lookup, [[1, 2, 3]]); // the statement is kept
      const stale = await lookupPlan(db);
      assert.equal(stale.node, 'Seq Scan', 'the plan made on the tiny table is still in use');
      assert.ok(stale.buffers > 500, `the stale plan read ${stale.buffers} buffers`);

      await db.maintain();
      const rows = await db.query<{ v: string }>(lookup, [[1, 2, 3]]);
      assert.equal(rows.length, 3);
      for (let i = 0; i < 10; i++) await db.query(lookup, [[1, 2, 3]]);
      const fresh = await lookupPlan(db);
      assert.notEqual(fresh.node, 'Seq Scan');
      assert.ok(fresh.buffers < 20, `after maintenance the lookup read ${fresh.buffers} buffers`);
      const [stats] = await db.query<{ last_analyze: Date | null }>(
        `SELECT last_analyze FROM pg_stat_user_tables WHERE relname = 'grown'`,
      );
      assert.ok(stats?.last_analyze, 'ANALYZE ran');
    } finally {
      await db.close();
    }
  });

  it('runs a pass by itself after enough statements, and none while idle', async () => {
    const policy = { afterStatements: 20, minIntervalMs: 0, costFactor: 0, checkEveryMs: 10 };
    const db = await PgliteDb.open(undefined, { maintenance: policy });
    const analyzed = async () =>
      (
        await db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_stat_user_tables WHERE relname = 'busy' AND last_analyze IS NOT NULL`,
        )
      )[0]?.n === 1;
    try {
      await db.exec('CREATE TABLE busy (id int PRIMARY KEY)');
      await new Promise((r) => setTimeout(r, 100));
      assert.equal(await analyzed(), false, 'no pass before any work');
      for (let i = 0; i < 25; i++) await db.query('INSERT INTO busy VALUES ($1)', [i]);
      let ran = false;
      for (let i = 0; i < 200 && !ran; i++) {
        await new Promise((r) => setTimeout(r, 10));
        ran = await analyzed();
      }
      assert.ok(ran, 'a pass ran after 25 statements');
    } finally {
      await db.close();
    }
  });
});
