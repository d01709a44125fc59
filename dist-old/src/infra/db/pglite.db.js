"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.PgliteDb = void 0;
const node_fs_1 = require("node:fs");
const pglite_1 = require("@electric-sql/pglite");
/**
 * The embedded profile's database: PostgreSQL compiled to WASM, persisted in a folder. One
 * connection, so PGlite itself serialises statements; a transaction holds it exclusively, which is
 * what makes single-use token consumption atomic here.
 */
class PgliteDb {
    pg;
    constructor(pg) {
        this.pg = pg;
    }
    static async open(dir) {
        if (dir !== undefined)
            (0, node_fs_1.mkdirSync)(dir, { recursive: true });
        const pg = dir === undefined ? new pglite_1.PGlite() : new pglite_1.PGlite(dir);
        await pg.waitReady;
        return new PgliteDb(pg);
    }
    async query(sql, params = []) {
        const result = await this.pg.query(sql, params);
        return result.rows;
    }
    transaction(fn) {
        return this.pg.transaction(async (tx) => fn({
            query: async (sql, params = []) => (await tx.query(sql, params)).rows,
            exec: async (sql) => {
                await tx.exec(sql);
            },
        }));
    }
    async exec(sql) {
        await this.pg.exec(sql);
    }
    async ping() {
        await this.pg.query('SELECT 1');
    }
    async close() {
        if (!this.pg.closed)
            await this.pg.close();
    }
}
exports.PgliteDb = PgliteDb;
//# sourceMappingURL=pglite.db.js.map