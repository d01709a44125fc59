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
