import { type Db, type Queryable, write } from '../../../infra/db/db.port';
import {
  MAX_CODE_TRIES,
  type CodeCandidate,
  type NewPendingSignup,
  type PendingSignup,
  type PendingSignupStore,
  type PendingState,
  type RotatedChallenge,
  type TokenOutcome,
  type TokenRef,
} from './pending-signup.store';

interface Row {
  id: string;
  email_key: string;
  email: string;
  email_display: string;
  name: string;
  password_hash: string;
  locale: string;
  token_hash: Uint8Array;
  code_hash: Uint8Array;
  code_failures: number;
  code_expires_at: Date;
  expires_at: Date;
  state: PendingState;
  created_at: Date;
}

function toSignup(r: Row): PendingSignup {
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

/**
 * The embedded/PostgreSQL adapter. Consumption is made single-use by two things that hold under
 * READ COMMITTED as well as under PGlite's one connection: a transaction-scoped advisory lock per
 * address (every path that settles a challenge takes it first, so settling is serialised per
 * address), and conditional updates (`WHERE state = 'pending'`) so a stale read can never settle a
 * challenge twice.
 */
export class SqlPendingSignupStore implements PendingSignupStore {
  readonly needsSweeping = true;
  readonly joinsTransaction = true;

  constructor(private readonly db: Db) {}

  private async lockAddress(tx: Queryable, emailKey: string): Promise<void> {
    await tx.query("SELECT pg_advisory_xact_lock(hashtext('mailgate:signup:' || $1))", [emailKey]);
  }

  /** Sent with the transaction's commit where the database can (see `write` in db.port). */
  async create(tx: Queryable, s: NewPendingSignup): Promise<void> {
    await write(
      tx,
      `INSERT INTO pending_signups (id, email_key, email, email_display, name, password_hash, locale,
         token_hash, code_hash, code_expires_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [
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
      ],
    );
  }

  async consumeToken(tx: Queryable, token: TokenRef, now: Date): Promise<TokenOutcome> {
    const tokenHash = token.hash;
    const [found] = await tx.query<{ email_key: string }>(
      'SELECT email_key FROM pending_signups WHERE token_hash = $1',
      [tokenHash],
    );
    if (!found) return { kind: 'invalid' };
    await this.lockAddress(tx, found.email_key);
    const [row] = await tx.query<Row>(
      `UPDATE pending_signups SET state = 'verified', settled_at = $2
       WHERE token_hash = $1 AND state = 'pending' AND expires_at > $2
       RETURNING *`,
      [tokenHash, now],
    );
    if (row) return { kind: 'consumed', signup: toSignup(row) };
    const [after] = await tx.query<{ state: PendingState }>(
      'SELECT state FROM pending_signups WHERE token_hash = $1',
      [tokenHash],
    );
    return after && after.state !== 'pending' ? { kind: 'settled' } : { kind: 'invalid' };
  }

  async liveCodes(tx: Queryable, emailKey: string, now: Date): Promise<CodeCandidate[]> {
    await this.lockAddress(tx, emailKey);
    // `code_failures` counts tries (see the port): charged here, under the address's lock.
    const rows = await tx.query<{ id: string; code_hash: Uint8Array }>(
      `UPDATE pending_signups SET code_failures = code_failures + 1
       WHERE email_key = $1 AND state = 'pending' AND code_expires_at > $2 AND expires_at > $2
         AND code_failures < $3
       RETURNING id, code_hash`,
      [emailKey, now, MAX_CODE_TRIES],
    );
    return rows.map((r) => ({ id: r.id, codeHash: r.code_hash }));
  }

  async settledCodes(tx: Queryable, emailKey: string): Promise<CodeCandidate[]> {
    const rows = await tx.query<{ id: string; code_hash: Uint8Array }>(
      "SELECT id, code_hash FROM pending_signups WHERE email_key = $1 AND state <> 'pending'",
      [emailKey],
    );
    return rows.map((r) => ({ id: r.id, codeHash: r.code_hash }));
  }

  async consumeById(
    tx: Queryable,
    _emailKey: string,
    id: string,
    now: Date,
  ): Promise<PendingSignup | undefined> {
    const [row] = await tx.query<Row>(
      `UPDATE pending_signups SET state = 'verified', settled_at = $2
       WHERE id = $1 AND state = 'pending' AND expires_at > $2 RETURNING *`,
      [id, now],
    );
    return row ? toSignup(row) : undefined;
  }

  async revoke(tx: Queryable, signup: Pick<PendingSignup, 'id'>, now: Date): Promise<void> {
    await tx.query("UPDATE pending_signups SET state = 'revoked', settled_at = $2 WHERE id = $1", [
      signup.id,
      now,
    ]);
  }

  async withdraw(signup: Pick<PendingSignup, 'id'>, now: Date): Promise<void> {
    await this.db.query(
      "UPDATE pending_signups SET state = 'revoked', settled_at = $2 WHERE id = $1 AND state = 'pending'",
      [signup.id, now],
    );
  }

  async revokeOthers(tx: Queryable, emailKey: string, exceptId: string, now: Date): Promise<number> {
    const rows = await tx.query(
      `UPDATE pending_signups SET state = 'revoked', settled_at = $3
       WHERE email_key = $1 AND id <> $2 AND state = 'pending' RETURNING id`,
      [emailKey, exceptId, now],
    );
    return rows.length;
  }

  async rotateNewest(
    tx: Queryable,
    emailKey: string,
    next: RotatedChallenge,
    now: Date,
  ): Promise<PendingSignup | undefined> {
    await this.lockAddress(tx, emailKey);
    // A record holding the new token already is this rotation asked again (its mail's send was
    // retried): returned as it is, never given to a newer record too (token_hash is unique).
    const [row] = await tx.query<Row>(
      `WITH held AS (SELECT id FROM pending_signups WHERE token_hash = $2),
       rotated AS (
         UPDATE pending_signups
            SET token_hash = $2, code_hash = $3, code_failures = 0, code_expires_at = $4, expires_at = $5
          WHERE id = (SELECT id FROM pending_signups
                       WHERE email_key = $1 AND state = 'pending' AND expires_at > $6
                       ORDER BY created_at DESC, id LIMIT 1)
            AND state = 'pending' AND NOT EXISTS (SELECT 1 FROM held)
         RETURNING *)
       SELECT * FROM rotated
       UNION ALL
       SELECT * FROM pending_signups WHERE id IN (SELECT id FROM held) AND state = 'pending'`,
      [emailKey, next.tokenHash, next.codeHash, next.codeExpiresAt, next.expiresAt, now],
    );
    return row ? toSignup(row) : undefined;
  }

  // The record, the user row and the mail commit or roll back with the caller's transaction, so
  // there is nothing left to finish or undo once it has ended.
  async discard(): Promise<void> {}

  async endClaim(): Promise<void> {}

  async sweep(now: Date): Promise<number> {
    const rows = await this.db.query('DELETE FROM pending_signups WHERE expires_at <= $1 RETURNING id', [
      now,
    ]);
    return rows.length;
  }
}
