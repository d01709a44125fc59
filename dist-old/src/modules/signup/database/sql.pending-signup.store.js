"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.SqlPendingSignupStore = exports.MAX_CODE_FAILURES = void 0;
function toSignup(r) {
    return {
        id: r.id,
        emailKey: r.email_key,
        email: r.email,
        emailDisplay: r.email_display,
        name: r.name,
        passwordHash: r.password_hash,
        locale: r.locale,
        tokenHash: r.token_hash,
        codeHash: r.code_hash,
        codeFailures: r.code_failures,
        codeExpiresAt: new Date(r.code_expires_at),
        expiresAt: new Date(r.expires_at),
        state: r.state,
        createdAt: new Date(r.created_at),
    };
}
/** After this many wrong codes a challenge's code is dead (its link still works). */
exports.MAX_CODE_FAILURES = 5;
/**
 * The embedded/PostgreSQL adapter. Consumption is made single-use by two things that hold under
 * READ COMMITTED as well as under PGlite's one connection: a transaction-scoped advisory lock per
 * address (every path that settles a challenge takes it first, so settling is serialised per
 * address), and conditional updates (`WHERE state = 'pending'`) so a stale read can never settle a
 * challenge twice.
 */
class SqlPendingSignupStore {
    db;
    constructor(db) {
        this.db = db;
    }
    async lockAddress(tx, emailKey) {
        await tx.query("SELECT pg_advisory_xact_lock(hashtext('mailgate:signup:' || $1))", [emailKey]);
    }
    async create(tx, s) {
        await tx.query(`INSERT INTO pending_signups (id, email_key, email, email_display, name, password_hash, locale,
         token_hash, code_hash, code_expires_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`, [
            s.id,
            s.emailKey,
            s.email,
            s.emailDisplay,
            s.name,
            s.passwordHash,
            s.locale,
            s.tokenHash,
            s.codeHash,
            s.codeExpiresAt,
            s.expiresAt,
        ]);
    }
    async consumeToken(tx, tokenHash, now) {
        const [found] = await tx.query('SELECT email_key FROM pending_signups WHERE token_hash = $1', [tokenHash]);
        if (!found)
            return { kind: 'invalid' };
        await this.lockAddress(tx, found.email_key);
        const [row] = await tx.query(`UPDATE pending_signups SET state = 'verified', settled_at = $2
       WHERE token_hash = $1 AND state = 'pending' AND expires_at > $2
       RETURNING *`, [tokenHash, now]);
        if (row)
            return { kind: 'consumed', signup: toSignup(row) };
        const [after] = await tx.query('SELECT state FROM pending_signups WHERE token_hash = $1', [tokenHash]);
        return after && after.state !== 'pending' ? { kind: 'settled' } : { kind: 'invalid' };
    }
    async liveCodes(tx, emailKey, now) {
        await this.lockAddress(tx, emailKey);
        const rows = await tx.query(`SELECT id, code_hash FROM pending_signups
       WHERE email_key = $1 AND state = 'pending' AND code_expires_at > $2 AND expires_at > $2
         AND code_failures < $3`, [emailKey, now, exports.MAX_CODE_FAILURES]);
        return rows.map((r) => ({ id: r.id, codeHash: r.code_hash }));
    }
    async settledCodes(tx, emailKey) {
        const rows = await tx.query("SELECT id, code_hash FROM pending_signups WHERE email_key = $1 AND state <> 'pending'", [emailKey]);
        return rows.map((r) => ({ id: r.id, codeHash: r.code_hash }));
    }
    async consumeById(tx, id, now) {
        const [row] = await tx.query(`UPDATE pending_signups SET state = 'verified', settled_at = $2
       WHERE id = $1 AND state = 'pending' AND expires_at > $2 RETURNING *`, [id, now]);
        return row ? toSignup(row) : undefined;
    }
    async addCodeFailure(tx, ids) {
        if (ids.length === 0)
            return;
        await tx.query('UPDATE pending_signups SET code_failures = code_failures + 1 WHERE id = ANY($1::uuid[])', [ids]);
    }
    async revoke(tx, id, now) {
        await tx.query("UPDATE pending_signups SET state = 'revoked', settled_at = $2 WHERE id = $1", [id, now]);
    }
    async revokeOthers(tx, emailKey, exceptId, now) {
        const rows = await tx.query(`UPDATE pending_signups SET state = 'revoked', settled_at = $3
       WHERE email_key = $1 AND id <> $2 AND state = 'pending' RETURNING id`, [emailKey, exceptId, now]);
        return rows.length;
    }
    async rotateNewest(tx, emailKey, next, now) {
        await this.lockAddress(tx, emailKey);
        const [row] = await tx.query(`UPDATE pending_signups
       SET token_hash = $2, code_hash = $3, code_failures = 0, code_expires_at = $4, expires_at = $5
       WHERE id = (SELECT id FROM pending_signups
                   WHERE email_key = $1 AND state = 'pending' AND expires_at > $6
                   ORDER BY created_at DESC, id LIMIT 1)
         AND state = 'pending'
       RETURNING *`, [emailKey, next.tokenHash, next.codeHash, next.codeExpiresAt, next.expiresAt, now]);
        return row ? toSignup(row) : undefined;
    }
    async sweep(now) {
        const rows = await this.db.query('DELETE FROM pending_signups WHERE expires_at <= $1 RETURNING id', [
            now,
        ]);
        return rows.length;
    }
}
exports.SqlPendingSignupStore = SqlPendingSignupStore;
//# sourceMappingURL=sql.pending-signup.store.js.map