"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.SqlRateLimiter = void 0;
const node_crypto_1 = require("node:crypto");
const ALLOW_ALL = { allowed: true, retryAfter: 0, remaining: Number.MAX_SAFE_INTEGER };
/**
 * Fixed-window counters in the `rate_limits` table. One upsert both counts the hit and opens a new
 * window when the old one has passed, so concurrent hits on one key are counted exactly once each
 * (the row lock taken by ON CONFLICT serialises them, on PGlite and PostgreSQL alike).
 *
 * Keys name people (an address, an IP): they are stored as an HMAC under the lookup key, so the
 * table never holds an address in plain text and cannot be reversed without JWT_SECRET.
 */
class SqlRateLimiter {
    db;
    lookupKey;
    enabled;
    now;
    constructor(db, lookupKey, enabled, now = () => new Date()) {
        this.db = db;
        this.lookupKey = lookupKey;
        this.enabled = enabled;
        this.now = now;
    }
    /** The stored form of a key: its scope stays readable for operators, the subject does not. */
    storedKey(key) {
        const cut = key.indexOf(':');
        const scope = cut === -1 ? '' : key.slice(0, cut);
        const digest = (0, node_crypto_1.createHmac)('sha256', this.lookupKey).update(key).digest('base64url');
        return scope ? `${scope}:${digest}` : digest;
    }
    async hit(key, limit, windowSeconds) {
        if (!this.enabled)
            return ALLOW_ALL;
        const now = this.now();
        const fresh = new Date(now.getTime() + windowSeconds * 1000);
        const [row] = await this.db.query(`INSERT INTO rate_limits (key, hits, reset_at) VALUES ($1, 1, $3)
       ON CONFLICT (key) DO UPDATE SET
         hits = CASE WHEN rate_limits.reset_at <= $2 THEN 1 ELSE rate_limits.hits + 1 END,
         reset_at = CASE WHEN rate_limits.reset_at <= $2 THEN EXCLUDED.reset_at ELSE rate_limits.reset_at END
       RETURNING hits, reset_at`, [this.storedKey(key), now, fresh]);
        const retryAfter = Math.max(1, Math.ceil((new Date(row.reset_at).getTime() - now.getTime()) / 1000));
        return { allowed: row.hits <= limit, retryAfter, remaining: Math.max(0, limit - row.hits) };
    }
    async reset(key) {
        if (!this.enabled)
            return;
        await this.db.query('DELETE FROM rate_limits WHERE key = $1', [this.storedKey(key)]);
    }
    /** Drops windows that have ended; without it the embedded store would grow with every new IP. */
    async sweep() {
        const rows = await this.db.query('DELETE FROM rate_limits WHERE reset_at <= $1 RETURNING key', [this.now()]);
        return rows.length;
    }
}
exports.SqlRateLimiter = SqlRateLimiter;
//# sourceMappingURL=sql.rate-limiter.js.map