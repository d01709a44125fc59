import type { Queryable } from '../../../infra/db/db.port';

/**
 * Pending signups: a signup attempt waiting for its challenge (link or code) to be used. Every
 * operation is atomic by itself (Redis, the distributed profile, runs each as one script, with TTL
 * keys as in the seed design). `tx` is the caller's SQL transaction: the SQL adapter joins it so the
 * record, the user row and the outbox mail commit together. The Redis adapter cannot join it, so the
 * caller tells the store how its transaction ended (`discard`, `endClaim`) and a store
 * outside the transaction finishes or undoes its part there; for the SQL adapter those are no-ops.
 * docs/signup.md "Redis and the SQL transaction" gives the order and why nothing is half-written.
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
  /** Set by a store outside the caller's transaction when consuming: whose claim `endClaim` ends. */
  claim?: string;
}

export type NewPendingSignup = Omit<PendingSignup, 'codeFailures' | 'state' | 'createdAt' | 'claim'>;

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

/**
 * A link token as the stores see it: its HMAC (never the token itself) and its slot, the token's
 * first characters, which name the address's group of keys (`challengeSlot`; Redis Cluster).
 */
export interface TokenRef {
  hash: Uint8Array;
  slot: string;
}

/**
 * How the transaction that consumed a challenge ended. `verified`: it created the account, the
 * challenge is used for good and the address's other challenges are revoked (first verified wins).
 * `lost`: the address had an account already, this challenge is revoked. `failed`: nothing was
 * written, the challenge is pending again.
 */
export type ClaimEnding = 'verified' | 'lost' | 'failed';

export interface RotatedChallenge {
  tokenHash: Uint8Array;
  codeHash: Uint8Array;
  expiresAt: Date;
  codeExpiresAt: Date;
}

export interface PendingSignupStore {
  /**
   * True when the store's writes are statements in the caller's transaction (SQL). False (Redis):
   * each operation is atomic by itself, the SQL side of a verify is one autocommitted statement,
   * and `endClaim` settles the challenge and revokes the others in one step after it.
   */
  readonly joinsTransaction: boolean;
  create(tx: Queryable, signup: NewPendingSignup): Promise<void>;
  /** The transaction around `create` failed: removes the record if the store kept it anyway. */
  discard(signup: Pick<PendingSignup, 'id' | 'emailKey'>): Promise<void>;
  /**
   * Marks the pending record holding `tokenHash` verified if it is still pending and unexpired
   * (SQL: from then until `tx` ends it holds the address's lock, so no other challenge of that
   * address can be consumed concurrently; Redis: claimed for a short lease until `endClaim`).
   */
  consumeToken(tx: Queryable, token: TokenRef, now: Date): Promise<TokenOutcome>;
  /**
   * Lists the address's challenges whose code may still be tried and counts this try against each
   * of them, before the caller compares: parallel guesses can never get more than
   * MAX_CODE_TRIES comparisons per challenge. A correct code's try is counted too; it settles the
   * challenge, so that no longer matters.
   */
  liveCodes(tx: Queryable, emailKey: string, now: Date): Promise<CodeCandidate[]>;
  /** Codes of challenges already verified for the address (to tell a replay from a wrong code). */
  settledCodes(tx: Queryable, emailKey: string): Promise<CodeCandidate[]>;
  /** Marks one of the address's challenges verified if still pending; undefined when it was not. */
  consumeById(tx: Queryable, emailKey: string, id: string, now: Date): Promise<PendingSignup | undefined>;
  /**
   * The transaction that consumed `signup` ended (see ClaimEnding). A store that joins the
   * transaction has nothing left to do: `revoke` and `revokeOthers` ran inside it.
   */
  endClaim(signup: PendingSignup, ending: ClaimEnding, now: Date): Promise<void>;
  /** Revokes a challenge that lost the race to create the account (inside the transaction). */
  revoke(tx: Queryable, signup: Pick<PendingSignup, 'id' | 'emailKey'>, now: Date): Promise<void>;
  /**
   * Revokes a challenge if it is still pending, by itself (no caller transaction to join): the send
   * guard of its mail found that the address has an account, so the mail is never sent. A verify
   * of it then answers like any settled challenge's (409), as one of an address with an account would.
   */
  withdraw(signup: Pick<PendingSignup, 'id' | 'emailKey'>, now: Date): Promise<void>;
  /** Revokes every other pending challenge of the address (first verified wins; inside the transaction). */
  revokeOthers(tx: Queryable, emailKey: string, exceptId: string, now: Date): Promise<number>;
  /**
   * Gives the newest live challenge of the address a fresh token and code (old ones stop working,
   * code failures reset); undefined when the address has no live challenge. Asked again with the
   * same token (a resend mail's send retried), returns the challenge that holds it, if still pending.
   */
  rotateNewest(
    tx: Queryable,
    emailKey: string,
    next: RotatedChallenge,
    now: Date,
  ): Promise<PendingSignup | undefined>;
  /** False when records expire by themselves (Redis TTLs): then nothing schedules `sweep`. */
  readonly needsSweeping: boolean;
  /** Deletes records past their expiry; returns how many. */
  sweep(now: Date): Promise<number>;
}

/** After this many tries a challenge's code is dead (its link still works). */
export const MAX_CODE_TRIES = 5;

export const PENDING_SIGNUP_STORE = Symbol('PendingSignupStore');
