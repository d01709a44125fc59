"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
const strict_1 = __importDefault(require("node:assert/strict"));
const node_test_1 = require("node:test");
const pglite_db_1 = require("./pglite.db");
(0, node_test_1.describe)('parameterText', () => {
    (0, node_test_1.it)('writes values as PostgreSQL reads them in text form', () => {
        strict_1.default.equal((0, pglite_db_1.parameterText)(null), null);
        strict_1.default.equal((0, pglite_db_1.parameterText)(undefined), null);
        strict_1.default.equal((0, pglite_db_1.parameterText)(42), '42');
        strict_1.default.equal((0, pglite_db_1.parameterText)(true), 'true');
        strict_1.default.equal((0, pglite_db_1.parameterText)(new Date('2026-11-21T23:00:00.123Z')), '2026-11-21T23:00:00.123Z');
        strict_1.default.equal((0, pglite_db_1.parameterText)(Buffer.from([0, 255, 16])), '\\x00ff10');
        strict_1.default.equal((0, pglite_db_1.parameterText)(new Uint8Array([1, 2]).subarray(1)), '\\x02');
        strict_1.default.equal((0, pglite_db_1.parameterText)({ a: 1 }), '{"a":1}');
        strict_1.default.equal((0, pglite_db_1.parameterText)(['a', 'b"c', 'd\\e', null]), '{"a","b\\"c","d\\\\e",NULL}');
    });
});
(0, node_test_1.describe)('PgliteDb prepared statements', () => {
    let db;
    (0, node_test_1.before)(async () => {
        db = await pglite_db_1.PgliteDb.open(undefined);
        await db.exec('CREATE TABLE probe (id int PRIMARY KEY, tag text, at timestamptz, data bytea, ids uuid[])');
    });
    (0, node_test_1.after)(() => db.close());
    (0, node_test_1.it)('round-trips every parameter kind through the same statement, run many times', async () => {
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
        const rows = await db.query('SELECT * FROM probe WHERE id = ANY($1::int[]) ORDER BY id', [[3, 8]]);
        strict_1.default.deepEqual(rows.map((r) => [r.id, r.tag, r.at.getTime(), [...r.data], r.ids]), [
            [3, `it's "3"`, at.getTime(), [3, 0, 255], ids],
            [8, `it's "8"`, at.getTime(), [8, 0, 255], ids],
        ]);
    });
    (0, node_test_1.it)('keeps a statement usable after one of its runs failed', async () => {
        const insert = 'INSERT INTO probe (id, tag) VALUES ($1, $2)';
        await strict_1.default.rejects(db.query(insert, [1, 'duplicate']), { code: '23505' });
        await db.query(insert, [100, 'after']);
        const [row] = await db.query('SELECT tag FROM probe WHERE id = $1', [100]);
        strict_1.default.equal(row.tag, 'after');
    });
    (0, node_test_1.it)('refuses a statement that does not parse, and says so each time', async () => {
        await strict_1.default.rejects(db.query('SELEC nothing'), { code: '42601' });
        await strict_1.default.rejects(db.query('SELEC nothing'), { code: '42601' });
        const [row] = await db.query('SELECT $1::int AS n', [7]);
        strict_1.default.equal(row.n, 7);
    });
    (0, node_test_1.it)('re-plans after a script changes the schema under a kept statement', async () => {
        const select = 'SELECT * FROM probe WHERE id = $1';
        strict_1.default.equal((await db.query(select, [100]))[0].extra, undefined);
        await db.exec("ALTER TABLE probe ADD COLUMN extra text DEFAULT 'x'");
        strict_1.default.equal((await db.query(select, [100]))[0].extra, 'x');
    });
    (0, node_test_1.it)('prepares inside transactions too, and rolls them back as before', async () => {
        const insert = 'INSERT INTO probe (id, tag) VALUES ($1, $2)';
        await strict_1.default.rejects(db.transaction(async (tx) => {
            await tx.query(insert, [200, 'rolled back']);
            throw new Error('boom');
        }), /boom/);
        await db.transaction(async (tx) => {
            await tx.query(insert, [201, 'kept']);
        });
        const rows = await db.query('SELECT id FROM probe WHERE id >= 200 ORDER BY id');
        strict_1.default.deepEqual(rows.map((r) => r.id), [201]);
    });
});
//# sourceMappingURL=pglite.db.spec.js.map