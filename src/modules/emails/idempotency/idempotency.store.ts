import type { Queryable } from '../../../infra/db/db.port';

/** How long an Idempotency-Key holds: the same key within this window replays, after it is free. */
export const IDEMPOTENCY_TTL_SECONDS = 24 * 60 * 60;

export type IdempotencyClaim =
  /** The key is ours (new, or its previous use expired): enqueue, then `bind` the message. */
  | { kind: 'claimed' }
  /** A live earlier use of the key. */
  | { kind: 'existing'; requestHash: string; messageId: string };

/**
 * Idempotency records, behind a port: SQL here (embedded profile, PostgreSQL); Redis with a TTL in
 * the distributed profile. `claim` and `bind` run in the caller's transaction with the enqueue, so a
 * key is never bound to a message that was not committed, nor a message committed without its key.
 */
export interface IdempotencyStore {
  /**
   * Takes (scope, key) for this request, or returns its live owner. Concurrent claims of one key
   * serialise on the key: exactly one gets `claimed`, the others see its committed result.
   */
  claim(tx: Queryable, scope: string, key: string, requestHash: string): Promise<IdempotencyClaim>;
  bind(tx: Queryable, scope: string, key: string, messageId: string): Promise<void>;
  /** Deletes records older than the TTL; returns how many. */
  sweep(): Promise<number>;
}

export const IDEMPOTENCY_STORE = Symbol('IdempotencyStore');
