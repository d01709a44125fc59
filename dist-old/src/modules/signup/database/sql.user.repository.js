"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.SqlUserRepository = void 0;
function toUser(r) {
    return {
        id: r.id,
        email: r.email,
        emailKey: r.email_key,
        emailDisplay: r.email_display,
        name: r.name,
        passwordHash: r.password_hash,
        tokenVersion: r.token_version,
        locale: r.locale,
        createdAt: new Date(r.created_at),
    };
}
/** Users in SQL (PGlite embedded, PostgreSQL distributed); `email_key` is UNIQUE. */
class SqlUserRepository {
    db;
    constructor(db) {
        this.db = db;
    }
    async insertIfAbsent(tx, u) {
        // ON CONFLICT DO NOTHING rather than catching 23505: on PostgreSQL a failed statement would
        // abort the transaction, and the loser must still commit its challenge as revoked.
        const [row] = await tx.query(`INSERT INTO users (id, email, email_key, email_display, name, password_hash, locale)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (email_key) DO NOTHING RETURNING *`, [u.id, u.email, u.emailKey, u.emailDisplay, u.name, u.passwordHash, u.locale]);
        return row ? toUser(row) : undefined;
    }
    async findByEmailKey(emailKey, q = this.db) {
        const [row] = await q.query('SELECT * FROM users WHERE email_key = $1', [emailKey]);
        return row ? toUser(row) : undefined;
    }
    async findById(id) {
        // Not a uuid cannot be a user; asking would make PostgreSQL raise instead of answering "none".
        if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id))
            return undefined;
        const [row] = await this.db.query('SELECT * FROM users WHERE id = $1', [id]);
        return row ? toUser(row) : undefined;
    }
}
exports.SqlUserRepository = SqlUserRepository;
//# sourceMappingURL=sql.user.repository.js.map