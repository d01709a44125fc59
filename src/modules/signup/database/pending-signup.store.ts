import type { Queryable } from '../../../infra/db/db.port';

/**
 * Pending signups: a signup attempt waiting for its challenge (link or code) to be used. Every
 * operation is atomic by itself, so an adapter on Redis (the distributed profile, TTL keys as in the
 * seed design) can implement each with one script. `tx` is the caller's SQL transaction: the SQL
 * adapter joins it so the record, the user row and the outbox mail commit together; a Redis adapter
 * ignores it.
 */
export type PendingState = 'pending' | 'verified' | 'revoked';

export interface PendingSignup {
  id: string;
  emailKey: string;
  email: string;
  emailDisplay: string;
  name: string;
  passwordHash: string;
  locale: string;
  tokenHash: Uint8Array;
  codeHash: Uint8Array;
  codeFailures: number;
  codeExpiresAt: Date;
  expiresAt: Date;
  state: PendingState;
  createdAt: Date;
}

export type NewPendingSignup = Omit<PendingSignup, 'codeFailures' | 'state' | 'createdAt'>;

/** What consuming a link token found. */
export type TokenOutcome =
  | { kind: 'consumed'; signup: PendingSignup }
  | { kind: 'settled' } // verified or revoked earlier: a replay
  | { kind: 'invalid' }; // unknown or expired

/** A live code challenge of an address, for the constant-time comparison done by the caller. */
export interface CodeCandidate {
  id: string;
  codeHash: Uint8Array;
}

export interface RotatedChallenge {
  tokenHash: Uint8Array;
  codeHash: Uint8Array;
  expiresAt: Date;
  codeExpiresAt: Date;
}

export interface PendingSignupStore {
  create(tx: Queryable, signup: NewPendingSignup): Promise<void>;
  /**
   * Marks the pending record holding `tokenHash` verified if it is still pending and unexpired, and
   * from then until `tx` ends holds the address's lock, so no other challenge of that address can
   * be consumed concurrently.
   */
  consumeToken(tx: Queryable, tokenHash: Uint8Array, now: Date): Promise<TokenOutcome>;
  /** Takes the address's lock and lists its challenges whose code may still be tried. */
  liveCodes(tx: Queryable, emailKey: string, now: Date): Promise<CodeCandidate[]>;
  /** Codes of challenges already verified for the address (to tell a replay from a wrong code). */
  settledCodes(tx: Queryable, emailKey: string): Promise<CodeCandidate[]>;
  /** Marks one challenge verified if still pending; undefined when it was not. */
  consumeById(tx: Queryable, id: string, now: Date): Promise<PendingSignup | undefined>;
  /** Adds one wrong-code failure to each listed challenge. */
  addCodeFailure(tx: Queryable, ids: string[]): Promise<void>;
  /** Revokes a challenge that lost the race to create the account. */
  revoke(tx: Queryable, id: string, now: Date): Promise<void>;
  /** Revokes every other pending challenge of the address (first verified wins). */
  revokeOthers(tx: Queryable, emailKey: string, exceptId: string, now: Date): Promise<number>;
  /**
   * Gives the newest live challenge of the address a fresh token and code (old ones stop working,
   * code failures reset); undefined when the address has no live challenge.
   */
  rotateNewest(
    tx: Queryable,
    emailKey: string,
    next: RotatedChallenge,
    now: Date,
  ): Promise<PendingSignup | undefined>;
  /** Deletes records past their expiry; returns how many. */
  sweep(now: Date): Promise<number>;
}

export const PENDING_SIGNUP_STORE = Symbol('PendingSignupStore');
