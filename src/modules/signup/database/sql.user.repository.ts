import type { Db, Queryable } from '../../../infra/db/db.port';
import { lockAddress } from './address.lock';
import type { AddressChange, NewUser, User, UserAddress, UserRepository } from './user.repository';

interface Row {
  id: string;
  email: string;
  email_key: string;
  email_display: string;
  name: string;
  password_hash: string;
  token_version: number;
  locale: string;
  created_at: Date;
}

function toUser(r: Row): User {
  return {
    id: r.id,
    email: r.email,
    emailKey: r.email_key,
    emailDisplay: r.email_display,
    name: r.name,
    passwordHash: r.password_hash,
    tokenVersion: r.token_version,
    locale: r.locale,
    createdAt: new Date(r.created_at),
  };
}

/** Users in SQL (PGlite embedded, PostgreSQL distributed); `email_key` is UNIQUE. */
export class SqlUserRepository implements UserRepository {
  constructor(private readonly db: Db) {}

  async insertIfAbsent(tx: Queryable, u: NewUser): Promise<User | undefined> {
    // ON CONFLICT DO NOTHING rather than catching 23505: on PostgreSQL a failed statement would
    // abort the transaction, and the loser must still commit its challenge as revoked.
    // RETURNING only what the row adds to `u`: the verify's hot statement (docs/benchmarks.md),
    // and a fixed result type keeps its prepared statement valid when `users` gains a column.
    const [row] = await tx.query<Pick<Row, 'token_version' | 'created_at'>>(
      `INSERT INTO users (id, email, email_key, email_display, name, password_hash, locale)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (email_key) DO NOTHING RETURNING token_version, created_at`,
      [u.id, u.email, u.emailKey, u.emailDisplay, u.name, u.passwordHash, u.locale],
    );
    return row ? { ...u, tokenVersion: row.token_version, createdAt: new Date(row.created_at) } : undefined;
  }

  async findByEmailKey(emailKey: string, q: Queryable = this.db): Promise<User | undefined> {
    const [row] = await q.query<Row>('SELECT * FROM users WHERE email_key = $1', [emailKey]);
    return row ? toUser(row) : undefined;
  }

  async lockByEmailKey(tx: Queryable, emailKey: string): Promise<User | undefined> {
    const [row] = await tx.query<Row>('SELECT * FROM users WHERE email_key = $1 FOR SHARE', [emailKey]);
    return row ? toUser(row) : undefined;
  }

  async findById(id: string, q: Queryable = this.db): Promise<User | undefined> {
    // Not a uuid cannot be a user; asking would make PostgreSQL raise instead of answering "none".
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return undefined;
    const [row] = await q.query<Row>('SELECT * FROM users WHERE id = $1', [id]);
    return row ? toUser(row) : undefined;
  }

  async setPassword(tx: Queryable, id: string, passwordHash: string): Promise<User | undefined> {
    const [row] = await tx.query<Row>(
      `UPDATE users SET password_hash = $2, token_version = token_version + 1, updated_at = now()
       WHERE id = $1 RETURNING *`,
      [id, passwordHash],
    );
    return row ? toUser(row) : undefined;
  }

  async changeEmail(
    tx: Queryable,
    id: string,
    to: UserAddress,
    revokeTokens: boolean,
  ): Promise<AddressChange> {
    await lockAddress(tx, to.emailKey);
    // Under the address lock the NOT EXISTS sees every committed holder of the key. A writer that
    // does not take the lock can still slip in between: the unique index then refuses this update,
    // and the caller turns the rolled-back transaction into `email_taken` (isUniqueViolation).
    const [row] = await tx.query<Row>(
      `UPDATE users SET email = $2, email_key = $3, email_display = $4,
         token_version = token_version + $5, updated_at = now()
       WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM users WHERE email_key = $3 AND id <> $1)
       RETURNING *`,
      [id, to.email, to.emailKey, to.emailDisplay, revokeTokens ? 1 : 0],
    );
    if (row) return { kind: 'changed', user: toUser(row) };
    const [exists] = await tx.query('SELECT 1 FROM users WHERE id = $1', [id]);
    return exists ? { kind: 'taken' } : { kind: 'gone' };
  }

  async revokeTokens(tx: Queryable, id: string): Promise<void> {
    await tx.query('UPDATE users SET token_version = token_version + 1, updated_at = now() WHERE id = $1', [
      id,
    ]);
  }
}
