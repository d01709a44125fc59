import type { Queryable } from '../../../infra/db/db.port';

/**
 * The transaction-scoped lock on one address (`users.email_key`), the same one SqlPendingSignupStore
 * takes before it settles a signup challenge (keep the two strings equal). Everything that gives an
 * address to an account — verifying a signup, confirming or undoing an email change — takes it
 * first, so under READ COMMITTED each sees the previous one's committed result and none of them can
 * deadlock on the other's uncommitted unique key. The UNIQUE index on `users.email_key` stays the
 * final guarantee when a store does not take it (a Redis pending-signup adapter).
 */
export async function lockAddress(tx: Queryable, emailKey: string): Promise<void> {
  await tx.query("SELECT pg_advisory_xact_lock(hashtext('mailgate:signup:' || $1))", [emailKey]);
}
