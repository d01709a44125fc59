"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.SqlIdempotencyStore = void 0;
const idempotency_store_1 = require("./idempotency.store");
/**
 * `idempotency_keys` (migration 003). The primary key (scope, key) does the work: an INSERT … ON
 * CONFLICT either creates the record or, if the one there has expired, takes it over in the same
 * statement; a live record makes it return nothing. Under PostgreSQL a concurrent transaction
 * holding the same key makes the INSERT wait for it to commit, after which the SELECT (a fresh
 * READ COMMITTED snapshot) sees its bound message; PGlite runs transactions one at a time anyway.
 */
class SqlIdempotencyStore {
    db;
    constructor(db) {
        this.db = db;
    }
    async claim(tx, scope, key, requestHash) {
        const taken = await tx.query(`INSERT INTO idempotency_keys (scope, key, request_hash) VALUES ($1, $2, $3)
       ON CONFLICT (scope, key) DO UPDATE
         SET request_hash = EXCLUDED.request_hash, message_id = NULL, created_at = now()
         WHERE idempotency_keys.created_at <= now() - $4::int * interval '1 second'
       RETURNING key`, [scope, key, requestHash, idempotency_store_1.IDEMPOTENCY_TTL_SECONDS]);
        if (taken.length > 0)
            return { kind: 'claimed' };
        const [row] = await tx.query('SELECT request_hash, message_id FROM idempotency_keys WHERE scope = $1 AND key = $2', [scope, key]);
        // Bound in the transaction that created it, so a committed record always has its message.
        if (!row?.message_id)
            throw new Error('idempotency record without a message');
        return { kind: 'existing', requestHash: row.request_hash, messageId: row.message_id };
    }
    async bind(tx, scope, key, messageId) {
        await tx.query('UPDATE idempotency_keys SET message_id = $3 WHERE scope = $1 AND key = $2', [
            scope,
            key,
            messageId,
        ]);
    }
    async sweep() {
        const rows = await this.db.query(`DELETE FROM idempotency_keys WHERE created_at <= now() - $1::int * interval '1 second' RETURNING key`, [idempotency_store_1.IDEMPOTENCY_TTL_SECONDS]);
        return rows.length;
    }
}
exports.SqlIdempotencyStore = SqlIdempotencyStore;
//# sourceMappingURL=sql.idempotency.store.js.map