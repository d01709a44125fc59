import type { Queryable } from '../../../infra/db/db.port';

/**
 * Password reset requests. One row per request; only the HMAC of its link token is stored. Each
 * operation is atomic by itself (a conditional update), so another adapter (Redis) could implement
 * each with one script. `tx` is the caller's SQL transaction: the reset, the new password, the
 * revocation of other requests and the notice mail commit together.
 */
export interface NewPasswordReset {
  id: string;
  /**
   * The address asked for (its lookup key), with or without an account. The row names no account
   * yet: the mail's send guard binds it to the address's account, if there is one, when the mail
   * goes out (`bind`); a row never bound can never be used.
   */
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
   * Revokes the pending requests of the address and stores this one, bound to no account (a newer
   * request revokes older ones). The same statements on the same rows for every address.
   */
  replace(tx: Queryable, reset: NewPasswordReset, now: Date): Promise<void>;
  /**
   * Gives the request `id`, made for `emailKey`, to the account `userId` if it is still pending and
   * bound to no one; false when it was not (revoked, used, expired and swept, or bound already).
   */
  bind(tx: Queryable, id: string, emailKey: string, userId: string): Promise<boolean>;
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
