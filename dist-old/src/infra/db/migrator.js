"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.migrate = migrate;
/**
 * Applies pending migrations in order, each in its own transaction with its bookkeeping row, so a
 * crash mid-way leaves either the old or the new schema. An advisory lock keeps two processes of
 * the distributed profile from migrating at once.
 */
async function migrate(db, migrations, scope = 'core') {
    await db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    scope text NOT NULL, id integer NOT NULL, name text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (scope, id))`);
    const applied = [];
    const sorted = [...migrations].sort((a, b) => a.id - b.id);
    await db.transaction(async (tx) => {
        await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`mailgate:migrate:${scope}`]);
        const done = new Set((await tx.query('SELECT id FROM schema_migrations WHERE scope = $1', [scope])).map((r) => r.id));
        for (const m of sorted) {
            if (done.has(m.id))
                continue;
            await tx.exec(m.sql);
            await tx.query('INSERT INTO schema_migrations (scope, id, name) VALUES ($1, $2, $3)', [
                scope,
                m.id,
                m.name,
            ]);
            applied.push(m.id);
        }
    });
    return applied;
}
//# sourceMappingURL=migrator.js.map