import type { Queryable } from '../../../infra/db/db.port';

/** How long an Idempotency-Key holds: the same key within this window replays, after it is free. */
export const IDEMPOTENCY_TTL_SECONDS = 24 * 60 * 60;

export type IdempotencyClaim =
  /**
   * The key is ours (new, or its previous use expired): enqueue, then `bind` the message. `holder`
   * names this claim for `bind` and `endClaim` (a store that joins the transaction leaves it empty).
   */
  | { kind: 'claimed'; holder: string }
  /** A live earlier use of the key. */
  | { kind: 'existing'; requestHash: string; messageId: string };

/**
 * Idempotency records, behind a port: SQL (embedded profile) or Redis with a TTL (distributed).
 * `claim` and `bind` run in the caller's transaction with the enqueue; the SQL store joins it, so a
 * key is never bound to a message that was not committed, nor a message committed without its key.
 * Redis cannot join it: a claim there is a short-lived 'pending' marker that other requests wait
 * on, made final by `endClaim` after the commit or removed when the transaction failed.
 */
export interface IdempotencyStore {
  /**
   * Takes (scope, key) for this request, or returns its live owner. Concurrent claims of one key
   * serialise on the key: exactly one gets `claimed`, the others see its committed result.
   */
  claim(tx: Queryable, scope: string, key: string, requestHash: string): Promise<IdempotencyClaim>;
  bind(tx: Queryable, scope: string, key: string, holder: string, messageId: string): Promise<void>;
  /**
   * The transaction holding this process's `claimed` key ended: committed, the key now answers with
   * its message for 24 h; failed, the key is free again. A no-op for a store inside the transaction.
   */
  endClaim(scope: string, key: string, holder: string, committed: boolean): Promise<void>;
  /** False when records expire by themselves (Redis TTLs): then nothing schedules `sweep`. */
  readonly needsSweeping: boolean;
  /** Deletes records older than the TTL; returns how many. */
  sweep(): Promise<number>;
}

export const IDEMPOTENCY_STORE = Symbol('IdempotencyStore');
