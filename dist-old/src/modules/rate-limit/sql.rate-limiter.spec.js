"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
const strict_1 = __importDefault(require("node:assert/strict"));
const node_test_1 = require("node:test");
const migrator_1 = require("../../infra/db/migrator");
const migrations_1 = require("../../infra/db/migrations");
const pglite_db_1 = require("../../infra/db/pglite.db");
const sql_rate_limiter_1 = require("./sql.rate-limiter");
(0, node_test_1.describe)('SqlRateLimiter', () => {
    let db;
    let clock = new Date('2026-01-01T00:00:00Z');
    const key = Buffer.alloc(32, 7);
    let limiter;
    (0, node_test_1.before)(async () => {
        db = await pglite_db_1.PgliteDb.open(undefined);
        await (0, migrator_1.migrate)(db, migrations_1.coreMigrations);
        limiter = new sql_rate_limiter_1.SqlRateLimiter(db, key, true, () => clock);
    });
    (0, node_test_1.after)(async () => {
        await db.close();
    });
    (0, node_test_1.it)('allows up to the limit in a window, then refuses with the time left', async () => {
        const decisions = [];
        for (let i = 0; i < 4; i++)
            decisions.push(await limiter.hit('t:alice@example.com', 3, 60));
        strict_1.default.deepEqual(decisions.map((d) => d.allowed), [true, true, true, false]);
        strict_1.default.equal(decisions[2].remaining, 0);
        clock = new Date(clock.getTime() + 45_000);
        const later = await limiter.hit('t:alice@example.com', 3, 60);
        strict_1.default.equal(later.allowed, false);
        strict_1.default.equal(later.retryAfter, 15);
    });
    (0, node_test_1.it)('opens a new window once the old one has ended', async () => {
        clock = new Date(clock.getTime() + 16_000);
        const d = await limiter.hit('t:alice@example.com', 3, 60);
        strict_1.default.equal(d.allowed, true);
        strict_1.default.equal(d.remaining, 2);
    });
    (0, node_test_1.it)('counts concurrent hits exactly', async () => {
        const results = await Promise.all(Array.from({ length: 20 }, () => limiter.hit('t:burst', 5, 60)));
        strict_1.default.equal(results.filter((r) => r.allowed).length, 5);
    });
    (0, node_test_1.it)('stores keys as HMACs, never the address', async () => {
        const rows = await db.query('SELECT key FROM rate_limits');
        strict_1.default.ok(rows.length > 0);
        for (const r of rows) {
            strict_1.default.doesNotMatch(r.key, /alice|example/);
            strict_1.default.match(r.key, /^t:[A-Za-z0-9_-]{43}$/);
        }
    });
    (0, node_test_1.it)('reset forgets a key', async () => {
        await limiter.reset('t:burst');
        strict_1.default.equal((await limiter.hit('t:burst', 5, 60)).remaining, 4);
    });
    (0, node_test_1.it)('sweep deletes ended windows only', async () => {
        await limiter.hit('t:short', 5, 1);
        clock = new Date(clock.getTime() + 2_000);
        await limiter.hit('t:long', 5, 3600);
        const removed = await limiter.sweep();
        strict_1.default.ok(removed >= 1);
        const keys = (await db.query('SELECT key FROM rate_limits')).map((r) => r.key);
        strict_1.default.ok(keys.includes(limiter.storedKey('t:long')));
        strict_1.default.ok(!keys.includes(limiter.storedKey('t:short')));
    });
    (0, node_test_1.it)('allows everything when RATE_LIMIT=off', async () => {
        const off = new sql_rate_limiter_1.SqlRateLimiter(db, key, false, () => clock);
        for (let i = 0; i < 5; i++)
            strict_1.default.equal((await off.hit('t:x', 1, 60)).allowed, true);
    });
});
//# sourceMappingURL=sql.rate-limiter.spec.js.map