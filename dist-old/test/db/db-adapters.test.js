"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
const strict_1 = __importDefault(require("node:assert/strict"));
const node_fs_1 = require("node:fs");
const node_os_1 = require("node:os");
const node_path_1 = __importDefault(require("node:path"));
const node_test_1 = require("node:test");
const db_port_1 = require("../../src/infra/db/db.port");
const migrator_1 = require("../../src/infra/db/migrator");
const migrations_1 = require("../../src/infra/db/migrations");
const pg_db_1 = require("../../src/infra/db/pg.db");
const pglite_db_1 = require("../../src/infra/db/pglite.db");
const services_1 = require("../support/services");
/** One behavioural suite, run against every Db adapter. */
function dbContract(name, open, skip) {
    (0, node_test_1.describe)(`Db adapter: ${name}`, { skip }, () => {
        let db;
        let cleanup;
        (0, node_test_1.before)(async () => {
            ({ db, cleanup } = await open());
        });
        (0, node_test_1.after)(async () => {
            await db.close();
            await cleanup();
        });
        (0, node_test_1.it)('applies the core migrations once, even when asked twice', async () => {
            const first = await (0, migrator_1.migrate)(db, migrations_1.coreMigrations);
            strict_1.default.deepEqual(first, migrations_1.coreMigrations.map((m) => m.id));
            strict_1.default.deepEqual(await (0, migrator_1.migrate)(db, migrations_1.coreMigrations), []);
            const rows = await db.query(`SELECT id FROM schema_migrations WHERE scope = 'core' ORDER BY id`);
            strict_1.default.deepEqual(rows.map((r) => r.id), first);
        });
        (0, node_test_1.it)('commits a transaction that resolves and rolls back one that throws', async () => {
            await db.exec('CREATE TABLE tx_probe (id int PRIMARY KEY)');
            await db.transaction(async (tx) => {
                await tx.query('INSERT INTO tx_probe VALUES ($1)', [1]);
            });
            await strict_1.default.rejects(db.transaction(async (tx) => {
                await tx.query('INSERT INTO tx_probe VALUES ($1)', [2]);
                throw new Error('boom');
            }), /boom/);
            const rows = await db.query('SELECT id FROM tx_probe ORDER BY id');
            strict_1.default.deepEqual(rows.map((r) => r.id), [1]);
        });
        (0, node_test_1.it)('reports unique violations with the PostgreSQL SQLSTATE', async () => {
            const err = await db.query('INSERT INTO tx_probe VALUES (1)').catch((e) => e);
            strict_1.default.ok((0, db_port_1.isUniqueViolation)(err), `expected 23505, got ${String(err)}`);
        });
        (0, node_test_1.it)('makes a conditional UPDATE … RETURNING single-winner under concurrency', async () => {
            await db.exec(`CREATE TABLE claim_probe (id int PRIMARY KEY, state text NOT NULL)`);
            await db.query(`INSERT INTO claim_probe VALUES (1, 'pending')`);
            const results = await Promise.all(Array.from({ length: 20 }, () => db.transaction((tx) => tx.query(`UPDATE claim_probe SET state = 'done' WHERE id = 1 AND state = 'pending' RETURNING id`))));
            strict_1.default.equal(results.filter((r) => r.length === 1).length, 1);
        });
    });
}
dbContract('PGlite (embedded)', async () => {
    const dir = (0, node_fs_1.mkdtempSync)(node_path_1.default.join((0, node_os_1.tmpdir)(), 'mailgate-pglite-'));
    return {
        db: await pglite_db_1.PgliteDb.open(dir),
        cleanup: async () => (0, node_fs_1.rmSync)(dir, { recursive: true, force: true }),
    };
}, false);
dbContract('PostgreSQL (distributed)', async () => {
    const database = await (0, services_1.freshPostgresDatabase)();
    return { db: await pg_db_1.PgDb.open(database.url), cleanup: database.drop };
}, (0, services_1.skipWithout)('postgres'));
//# sourceMappingURL=db-adapters.test.js.map