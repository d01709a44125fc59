import type { Db, Queryable } from '../../../infra/db/db.port';
import type {
  ChangeOutcome,
  ChangeState,
  EmailChange,
  EmailChangeStore,
  NewEmailChange,
  UndoOutcome,
} from './email-change.store';
import type { CodeCandidate } from './pending-signup.store';
import { lockAddress } from './address.lock';
import { MAX_CODE_TRIES as MAX_CODE_FAILURES } from './pending-signup.store';

interface Row {
  id: string;
  user_id: string;
  old_email: string;
  old_email_key: string;
  old_email_display: string;
  new_email: string;
  new_email_key: string;
  new_email_display: string;
  token_hash: Uint8Array;
  code_hash: Uint8Array;
  code_failures: number;
  code_expires_at: Date;
  expires_at: Date;
  undo_token_hash: Uint8Array;
  undo_expires_at: Date;
  state: ChangeState;
  created_at: Date;
}

function toChange(r: Row): EmailChange {
  return {
    id: r.id,
    userId: r.user_id,
    oldEmail: r.old_email,
    oldEmailKey: r.old_email_key,
    oldEmailDisplay: r.old_email_display,
    newEmail: r.new_email,
    newEmailKey: r.new_email_key,
    newEmailDisplay: r.new_email_display,
    tokenHash: r.token_hash,
    codeHash: r.code_hash,
    codeFailures: r.code_failures,
    codeExpiresAt: new Date(r.code_expires_at),
    expiresAt: new Date(r.expires_at),
    undoTokenHash: r.undo_token_hash,
    undoExpiresAt: new Date(r.undo_expires_at),
    state: r.state,
    createdAt: new Date(r.created_at),
  };
}

/**
 * Email changes in SQL. Settling uses the same two guards as pending signups: the address's
 * advisory lock (shared with signup verification, so the two never race on one address) and
 * conditional updates on `state`.
 */
export class SqlEmailChangeStore implements EmailChangeStore {
  constructor(private readonly db: Db) {}

  async replace(tx: Queryable, c: NewEmailChange, now: Date): Promise<void> {
    await this.revokePending(tx, c.userId, now);
    await tx.query(
      `INSERT INTO email_changes (id, user_id, old_email, old_email_key, old_email_display, new_email,
         new_email_key, new_email_display, token_hash, code_hash, code_expires_at, expires_at,
         undo_token_hash, undo_expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
      [
        c.id,
        c.userId,
        c.oldEmail,
        c.oldEmailKey,
        c.oldEmailDisplay,
        c.newEmail,
        c.newEmailKey,
        c.newEmailDisplay,
        c.tokenHash,
        c.codeHash,
        c.codeExpiresAt,
        c.expiresAt,
        c.undoTokenHash,
        c.undoExpiresAt,
      ],
    );
  }

  async consumeToken(tx: Queryable, tokenHash: Uint8Array, now: Date): Promise<ChangeOutcome> {
    const [found] = await tx.query<{ new_email_key: string }>(
      'SELECT new_email_key FROM email_changes WHERE token_hash = $1',
      [tokenHash],
    );
    if (!found) return { kind: 'invalid' };
    await lockAddress(tx, found.new_email_key);
    const [row] = await tx.query<Row>(
      `UPDATE email_changes SET state = 'confirmed', settled_at = $2
       WHERE token_hash = $1 AND state = 'pending' AND expires_at > $2 RETURNING *`,
      [tokenHash, now],
    );
    if (row) return { kind: 'consumed', change: toChange(row) };
    const [after] = await tx.query<{ state: ChangeState }>(
      'SELECT state FROM email_changes WHERE token_hash = $1',
      [tokenHash],
    );
    return after && after.state !== 'pending' ? { kind: 'settled' } : { kind: 'invalid' };
  }

  async liveCodes(tx: Queryable, newEmailKey: string, now: Date): Promise<CodeCandidate[]> {
    await lockAddress(tx, newEmailKey);
    const rows = await tx.query<{ id: string; code_hash: Uint8Array }>(
      `SELECT id, code_hash FROM email_changes
       WHERE new_email_key = $1 AND state = 'pending' AND code_expires_at > $2 AND expires_at > $2
         AND code_failures < $3`,
      [newEmailKey, now, MAX_CODE_FAILURES],
    );
    return rows.map((r) => ({ id: r.id, codeHash: r.code_hash }));
  }

  async settledCodes(tx: Queryable, newEmailKey: string): Promise<CodeCandidate[]> {
    const rows = await tx.query<{ id: string; code_hash: Uint8Array }>(
      "SELECT id, code_hash FROM email_changes WHERE new_email_key = $1 AND state <> 'pending'",
      [newEmailKey],
    );
    return rows.map((r) => ({ id: r.id, codeHash: r.code_hash }));
  }

  async consumeById(tx: Queryable, id: string, now: Date): Promise<EmailChange | undefined> {
    const [row] = await tx.query<Row>(
      `UPDATE email_changes SET state = 'confirmed', settled_at = $2
       WHERE id = $1 AND state = 'pending' AND expires_at > $2 RETURNING *`,
      [id, now],
    );
    return row ? toChange(row) : undefined;
  }

  async addCodeFailure(tx: Queryable, ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await tx.query('UPDATE email_changes SET code_failures = code_failures + 1 WHERE id = ANY($1::uuid[])', [
      ids,
    ]);
  }

  async revoke(tx: Queryable, id: string, now: Date): Promise<void> {
    await tx.query("UPDATE email_changes SET state = 'revoked', settled_at = $2 WHERE id = $1", [id, now]);
  }

  async revokePending(tx: Queryable, userId: string, now: Date): Promise<number> {
    const rows = await tx.query(
      `UPDATE email_changes SET state = 'revoked', settled_at = $2
       WHERE user_id = $1 AND state = 'pending' RETURNING id`,
      [userId, now],
    );
    return rows.length;
  }

  async undo(tx: Queryable, undoTokenHash: Uint8Array, now: Date): Promise<UndoOutcome> {
    // Row lock first: a concurrent undo (or confirm) of the same request waits here and then sees
    // the committed state.
    const [row] = await tx.query<Row>(
      'SELECT * FROM email_changes WHERE undo_token_hash = $1 AND undo_expires_at > $2 FOR UPDATE',
      [undoTokenHash, now],
    );
    if (!row) return { kind: 'invalid' };
    if (row.state === 'undone') return { kind: 'settled' };
    await tx.query("UPDATE email_changes SET state = 'undone', settled_at = $2 WHERE id = $1", [row.id, now]);
    return { kind: 'undone', change: toChange(row), wasConfirmed: row.state === 'confirmed' };
  }

  async sweep(now: Date): Promise<number> {
    const rows = await this.db.query('DELETE FROM email_changes WHERE undo_expires_at <= $1 RETURNING id', [
      now,
    ]);
    return rows.length;
  }
}
