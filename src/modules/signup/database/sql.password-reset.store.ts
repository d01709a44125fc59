import type { Db, Queryable } from '../../../infra/db/db.port';
import type { NewPasswordReset, PasswordResetStore, ResetOutcome, ResetState } from './password-reset.store';

/**
 * Password resets in SQL (PGlite embedded, PostgreSQL distributed). Single use comes from the
 * conditional update `WHERE state = 'pending'`: under READ COMMITTED a concurrent second update
 * waits for the first one's row lock, re-reads the row, finds it `used` and changes nothing.
 */
export class SqlPasswordResetStore implements PasswordResetStore {
  constructor(private readonly db: Db) {}

  async replace(tx: Queryable, r: NewPasswordReset, now: Date): Promise<void> {
    // The same two statements, touching the same index and rows of the same kind, for every
    // address: no account is looked up here (it is bound when the mail is sent, `bind`). Earlier
    // requests are revoked by address; an account's requests for an address it has left were
    // revoked when it left (ConfirmEmailChangeService, UndoEmailChangeService).
    await tx.query(
      `UPDATE password_resets SET state = 'revoked', settled_at = $2
       WHERE email_key = $1 AND state = 'pending'`,
      [r.emailKey, now],
    );
    await tx.query(
      `INSERT INTO password_resets (id, user_id, email_key, token_hash, expires_at)
       VALUES ($1, NULL, $2, $3, $4)`,
      [r.id, r.emailKey, r.tokenHash, r.expiresAt],
    );
  }

  async bind(tx: Queryable, id: string, emailKey: string, userId: string): Promise<boolean> {
    const rows = await tx.query(
      `UPDATE password_resets SET user_id = $3
       WHERE id = $1 AND email_key = $2 AND user_id IS NULL AND state = 'pending'
       RETURNING id`,
      [id, emailKey, userId],
    );
    return rows.length > 0;
  }

  async peek(tokenHash: Uint8Array, now: Date): Promise<'live' | 'used' | 'invalid'> {
    const [row] = await this.db.query<{ state: ResetState; expires_at: Date; user_id: string | null }>(
      'SELECT state, expires_at, user_id FROM password_resets WHERE token_hash = $1',
      [tokenHash],
    );
    if (!row || row.user_id === null) return 'invalid';
    if (row.state === 'used') return 'used';
    return row.state === 'pending' && new Date(row.expires_at) > now ? 'live' : 'invalid';
  }

  async consume(tx: Queryable, tokenHash: Uint8Array, now: Date): Promise<ResetOutcome> {
    const [row] = await tx.query<{ user_id: string }>(
      `UPDATE password_resets SET state = 'used', settled_at = $2
       WHERE token_hash = $1 AND state = 'pending' AND expires_at > $2 AND user_id IS NOT NULL
       RETURNING user_id`,
      [tokenHash, now],
    );
    if (row) return { kind: 'consumed', userId: row.user_id };
    const [after] = await tx.query<{ state: ResetState }>(
      'SELECT state FROM password_resets WHERE token_hash = $1',
      [tokenHash],
    );
    return after?.state === 'used' ? { kind: 'used' } : { kind: 'invalid' };
  }

  async revokeAll(tx: Queryable, userId: string, now: Date): Promise<number> {
    const rows = await tx.query(
      `UPDATE password_resets SET state = 'revoked', settled_at = $2
       WHERE user_id = $1 AND state = 'pending' RETURNING id`,
      [userId, now],
    );
    return rows.length;
  }

  async sweep(now: Date): Promise<number> {
    const rows = await this.db.query('DELETE FROM password_resets WHERE expires_at <= $1 RETURNING id', [
      now,
    ]);
    return rows.length;
  }
}
