/**
 * The SQL port. The embedded profile (PGlite) and the distributed one (PostgreSQL) share the
 * schema and every query, so a feature's repository is written once against this interface.
 */
export interface Queryable {
  query<R = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<R[]>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
  /**
   * Runs `fn` once the surrounding transaction has committed, and never if it rolls back; outside
   * a transaction (the Db itself) a statement commits as it runs, so `fn` runs at once. Used to
   * tell a queue about a row only when other processes can see it.
   */
  afterCommit?(fn: () => void): void;
  /**
   * Queues a statement whose rows nobody reads, to run in order before the transaction's next
   * statement or its commit, sent with it in one call (PGlite; see pglite.db.ts). Its error fails
   * that statement or the commit, so the transaction still commits all or nothing. Only a
   * transaction may have it; use `write`, which runs the statement at once anywhere else.
   */
  deferWrite?(sql: string, params?: unknown[]): void;
}

export interface Db extends Queryable {
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Cheap liveness probe for /health. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export const DB = Symbol('Db');

/** `q.afterCommit(fn)`, or `fn()` now for a Queryable that is not a transaction. */
export function afterCommit(q: Queryable, fn: () => void): void {
  if (q.afterCommit) q.afterCommit(fn);
  else fn();
}

/**
 * A statement whose rows the caller does not need: deferred where `q` can (its error then comes
 * from the transaction's next statement or its commit, never from here), run at once elsewhere.
 * Not for a statement whose error the caller catches to decide what to do next.
 */
export async function write(q: Queryable, sql: string, params: unknown[]): Promise<void> {
  if (q.deferWrite) q.deferWrite(sql, params);
  else await q.query(sql, params);
}

/** Calls after-commit callbacks; one that throws must not undo or fail the committed work. */
export function runCommitted(callbacks: readonly (() => void)[]): void {
  for (const fn of callbacks)
    try {
      fn();
    } catch {
      // The callbacks only nudge queues; the outbox relay recovers anything they miss.
    }
}

/** PostgreSQL's SQLSTATE for a unique constraint violation, the same in PGlite. */
export function isUniqueViolation(err: unknown): boolean {
  return (err as { code?: unknown } | null)?.code === '23505';
}
