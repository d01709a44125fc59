"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.PgDb = void 0;
const pg_1 = __importDefault(require("pg"));
/**
 * The distributed profile's database: a pool of PostgreSQL connections. Same port as PgliteDb,
 * same SQL. Transactions run on one pooled client under READ COMMITTED; the queries that must be
 * atomic are written as single conditional statements (UPDATE … WHERE state = … RETURNING) so they
 * stay correct under concurrency without stronger isolation.
 */
class PgDb {
    pool;
    constructor(pool) {
        this.pool = pool;
    }
    static async open(connectionString, options = {}) {
        const pool = new pg_1.default.Pool({
            connectionString,
            max: options.max ?? 10,
            // Fail fast when the server is down, so requests can answer 503 quickly instead of hanging.
            connectionTimeoutMillis: 1000,
            idleTimeoutMillis: 30_000,
        });
        // An idle client losing its connection must not crash the process; the pool replaces it.
        pool.on('error', () => undefined);
        const db = new PgDb(pool);
        await db.ping();
        return db;
    }
    async query(sql, params = []) {
        const result = await this.pool.query(sql, params);
        return result.rows;
    }
    async exec(sql) {
        await this.pool.query(sql);
    }
    async transaction(fn) {
        const client = await this.pool.connect();
        try {
            await client.query('BEGIN');
            const result = await fn({
                query: async (sql, params = []) => (await client.query(sql, params)).rows,
                exec: async (sql) => {
                    await client.query(sql);
                },
            });
            await client.query('COMMIT');
            return result;
        }
        catch (err) {
            await client.query('ROLLBACK').catch(() => undefined);
            throw err;
        }
        finally {
            client.release();
        }
    }
    async ping() {
        await this.pool.query('SELECT 1');
    }
    async close() {
        await this.pool.end();
    }
}
exports.PgDb = PgDb;
//# sourceMappingURL=pg.db.js.map