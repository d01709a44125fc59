import type { Queryable } from '../../../infra/db/db.port';

/**
 * Password reset requests. One row per request; only the HMAC of its link token is stored. Each
 * operation is atomic by itself (a conditional update), so another adapter (Redis) could implement
 * each with one script. `tx` is the caller's SQL transaction: the reset, the new password, the
 * revocation of other requests and the notice mail commit together.
 */
export interface NewPasswordReset {
  id: string;
  /** Undefined for an address without an account: the row is stored anyway and can never be used. */
  userId: string | undefined;
  /** The address asked for (its lookup key), with or without an account. */
  emailKey: string;
  tokenHash: Uint8Array;
  expiresAt: Date;
}

export type ResetState = 'pending' | 'used' | 'revoked';

/** What using a reset token found. */
export type ResetOutcome =
  | { kind: 'consumed'; userId: string }
  | { kind: 'used' } // used earlier: a replay, or a concurrent request that lost
  | { kind: 'invalid' }; // unknown, expired, revoked by a newer request, or made for no account

export interface PasswordResetStore {
  /**
   * Revokes the pending requests of the account or of the address, and stores this one (a newer
   * request revokes older ones). Keyed by the address too, so that an address without an account
   * asked for twice does the same work as one with an account.
   */
  replace(tx: Queryable, reset: NewPasswordReset, now: Date): Promise<void>;
  /**
   * What `consume` would find now, without changing anything (a cheap look before hashing a new
   * password): `live` means it may still win.
   */
  peek(tokenHash: Uint8Array, now: Date): Promise<'live' | 'used' | 'invalid'>;
  /** Marks the request used if it is still pending and unexpired: of concurrent calls one wins. */
  consume(tx: Queryable, tokenHash: Uint8Array, now: Date): Promise<ResetOutcome>;
  /** Revokes every pending request of the account; returns how many. */
  revokeAll(tx: Queryable, userId: string, now: Date): Promise<number>;
  /** Deletes requests past their expiry; returns how many. */
  sweep(now: Date): Promise<number>;
}

export const PASSWORD_RESET_STORE = Symbol('PasswordResetStore');
