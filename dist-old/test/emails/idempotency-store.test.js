"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
const strict_1 = __importDefault(require("node:assert/strict"));
const node_crypto_1 = require("node:crypto");
const node_test_1 = require("node:test");
const migrator_1 = require("../../src/infra/db/migrator");
const migrations_1 = require("../../src/infra/db/migrations");
const pg_db_1 = require("../../src/infra/db/pg.db");
const pglite_db_1 = require("../../src/infra/db/pglite.db");
const sql_idempotency_store_1 = require("../../src/modules/emails/idempotency/sql.idempotency.store");
const services_1 = require("../support/services");
/** A stand-in for the outbox insert: a messages row in the caller's transaction. */
async function insertMessage(tx) {
    const id = (0, node_crypto_1.randomUUID)();
    await tx.query(`INSERT INTO messages (id, message_id, to_addr, subject, text_body) VALUES ($1, $2, 'a@example.test', 's', 't')`, [id, `<${(0, node_crypto_1.randomUUID)()}@test>`]);
    return id;
}
/** One behavioural suite for the SQL idempotency store, on PGlite and on PostgreSQL (READ COMMITTED). */
function idempotencyContract(name, open, skip) {
    (0, node_test_1.describe)(`SqlIdempotencyStore: ${name}`, { skip }, () => {
        let db;
        let cleanup;
        let store;
        (0, node_test_1.before)(async () => {
            ({ db, cleanup } = await open());
            await (0, migrator_1.migrate)(db, migrations_1.coreMigrations);
            store = new sql_idempotency_store_1.SqlIdempotencyStore(db);
        });
        (0, node_test_1.after)(async () => {
            await db.close();
            await cleanup();
        });
        /** What POST /emails does with a key, minus HTTP. */
        function request(scope, key, hash) {
            return db.transaction(async (tx) => {
                const claim = await store.claim(tx, scope, key, hash);
                if (claim.kind === 'existing')
                    return { ...claim, created: false };
                // Hold the key a moment, so concurrent requests really overlap this transaction.
                await tx.query('SELECT pg_sleep(0.05)');
                const messageId = await insertMessage(tx);
                await store.bind(tx, scope, key, messageId);
                return { kind: 'claimed', messageId, requestHash: hash, created: true };
            });
        }
        (0, node_test_1.it)('20 concurrent requests with one key make one message; the rest see it', async () => {
            const key = (0, node_crypto_1.randomUUID)();
            const results = await Promise.all(Array.from({ length: 20 }, () => request('s1', key, 'h')));
            strict_1.default.equal(results.filter((r) => r.created).length, 1);
            strict_1.default.equal(new Set(results.map((r) => r.messageId)).size, 1);
            const [{ n }] = await db.query('SELECT count(*)::int AS n FROM idempotency_keys WHERE key = $1', [key]);
            strict_1.default.equal(n, 1);
        });
        (0, node_test_1.it)('a key rolled back with its transaction is free for the next request', async () => {
            const key = (0, node_crypto_1.randomUUID)();
            await strict_1.default.rejects(db.transaction(async (tx) => {
                await store.claim(tx, 's1', key, 'h');
                throw new Error('enqueue failed');
            }), /enqueue failed/);
            strict_1.default.equal((await request('s1', key, 'h')).created, true);
        });
        (0, node_test_1.it)('scopes keys per API key and expires them after 24 hours', async () => {
            const key = (0, node_crypto_1.randomUUID)();
            const a = await request('s1', key, 'h');
            const b = await request('s2', key, 'h');
            strict_1.default.notEqual(a.messageId, b.messageId);
            const replay = await request('s1', key, 'other');
            strict_1.default.deepEqual({ created: replay.created, hash: replay.requestHash }, { created: false, hash: 'h' });
            await db.query(`UPDATE idempotency_keys SET created_at = now() - interval '25 hours' WHERE scope = 's1'`);
            const fresh = await request('s1', key, 'other');
            strict_1.default.equal(fresh.created, true);
            await db.query(`UPDATE idempotency_keys SET created_at = now() - interval '25 hours' WHERE scope = 's2'`);
            strict_1.default.ok((await store.sweep()) >= 1);
            strict_1.default.equal((await request('s2', key, 'h')).created, true);
        });
    });
}
idempotencyContract('PGlite (embedded)', async () => ({ db: await pglite_db_1.PgliteDb.open(undefined), cleanup: async () => undefined }), false);
idempotencyContract('PostgreSQL (distributed)', async () => {
    const { url, drop } = await (0, services_1.freshPostgresDatabase)();
    return { db: await pg_db_1.PgDb.open(url, { max: 20 }), cleanup: drop };
}, (0, services_1.skipWithout)('postgres'));
//# sourceMappingURL=idempotency-store.test.js.map