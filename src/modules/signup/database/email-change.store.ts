import type { Queryable } from '../../../infra/db/db.port';
import type { CodeCandidate } from './pending-signup.store';

/**
 * Email change requests: the same challenge shape as a pending signup (a link token and a 6-digit
 * code for the new address, both stored as HMACs, 5 code tries) plus an undo token for the old
 * address. Each operation is atomic by itself; `tx` is the caller's SQL transaction, so settling a
 * request, changing `users` and queueing the mail commit together.
 */
export type ChangeState = 'pending' | 'confirmed' | 'revoked' | 'undone';

export interface EmailChange {
  id: string;
  userId: string;
  oldEmail: string;
  oldEmailKey: string;
  oldEmailDisplay: string;
  newEmail: string;
  newEmailKey: string;
  newEmailDisplay: string;
  tokenHash: Uint8Array;
  codeHash: Uint8Array;
  codeFailures: number;
  codeExpiresAt: Date;
  expiresAt: Date;
  undoTokenHash: Uint8Array;
  undoExpiresAt: Date;
  state: ChangeState;
  createdAt: Date;
}

export type NewEmailChange = Omit<EmailChange, 'codeFailures' | 'state' | 'createdAt'>;

export type ChangeOutcome =
  | { kind: 'consumed'; change: EmailChange }
  | { kind: 'settled' } // confirmed, revoked or undone earlier
  | { kind: 'invalid' }; // unknown or expired

export type UndoOutcome =
  | { kind: 'undone'; change: EmailChange; wasConfirmed: boolean }
  | { kind: 'settled' } // undone earlier
  | { kind: 'invalid' }; // unknown or past its 7 days

export interface EmailChangeStore {
  /** Revokes the account's pending requests and stores this one (a newer request revokes older ones). */
  replace(tx: Queryable, change: NewEmailChange, now: Date): Promise<void>;
  /**
   * Marks the request holding `tokenHash` confirmed if it is still pending and unexpired. Takes the
   * new address's lock first (the one signup verification takes), so confirming and verifying a
   * signup for one address are serialised until `tx` ends.
   */
  consumeToken(tx: Queryable, tokenHash: Uint8Array, now: Date): Promise<ChangeOutcome>;
  /** Takes the address's lock and lists the pending requests for it whose code may still be tried. */
  liveCodes(tx: Queryable, newEmailKey: string, now: Date): Promise<CodeCandidate[]>;
  /** Codes of settled requests for the address (confirmed, revoked, undone): a replay, not a wrong code. */
  settledCodes(tx: Queryable, newEmailKey: string): Promise<CodeCandidate[]>;
  /** Marks one request confirmed if still pending; undefined when it was not. */
  consumeById(tx: Queryable, id: string, now: Date): Promise<EmailChange | undefined>;
  addCodeFailure(tx: Queryable, ids: string[]): Promise<void>;
  /** A confirmed request whose address was taken in the meantime: it becomes revoked. */
  revoke(tx: Queryable, id: string, now: Date): Promise<void>;
  /** Revokes every pending request of the account; returns how many. */
  revokePending(tx: Queryable, userId: string, now: Date): Promise<number>;
  /** Marks the request holding `undoTokenHash` undone, once, within its undo lifetime. */
  undo(tx: Queryable, undoTokenHash: Uint8Array, now: Date): Promise<UndoOutcome>;
  /** Deletes requests whose undo lifetime has passed; returns how many. */
  sweep(now: Date): Promise<number>;
}

export const EMAIL_CHANGE_STORE = Symbol('EmailChangeStore');
