import type { Db } from './db.port';

export interface Migration {
  /** Monotonic id; never renumber one that has shipped. */
  id: number;
  name: string;
  sql: string;
}

/**
 * Applies pending migrations in order, each in its own transaction with its bookkeeping row, so a
 * crash mid-way leaves either the old or the new schema. An advisory lock keeps two processes of
 * the distributed profile from migrating at once.
 */
export async function migrate(db: Db, migrations: readonly Migration[], scope = 'core'): Promise<number[]> {
  await db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    scope text NOT NULL, id integer NOT NULL, name text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (scope, id))`);
  const applied: number[] = [];
  const sorted = [...migrations].sort((a, b) => a.id - b.id);
  await db.transaction(async (tx) => {
    // Through exec, which no query timeout bounds: another process may hold the lock for as long
    // as its migrations take. `scope` is ours (never user input), quoted all the same.
    await tx.exec(`SELECT pg_advisory_xact_lock(hashtext('mailgate:migrate:${scope.replace(/'/g, "''")}'))`);
    const done = new Set(
      (await tx.query<{ id: number }>('SELECT id FROM schema_migrations WHERE scope = $1', [scope])).map(
        (r) => r.id,
      ),
    );
    for (const m of sorted) {
      if (done.has(m.id)) continue;
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
