import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
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
