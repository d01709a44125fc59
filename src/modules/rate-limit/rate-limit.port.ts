/**
 * Rate limits live in the store (a table in the embedded profile, Redis in the distributed one),
 * never in process memory, so every api process sees the same counts and a restart forgets none.
 */
export interface RateDecision {
  allowed: boolean;
  /** Seconds until the window resets (for Retry-After). */
  retryAfter: number;
  remaining: number;
}

/** The answer of a limiter switched off (RATE_LIMIT=off). */
export const ALLOW_ALL: RateDecision = { allowed: true, retryAfter: 0, remaining: Number.MAX_SAFE_INTEGER };

/** One rule of a layered limit: a key and its window. */
export interface RateHit {
  key: string;
  limit: number;
  windowSeconds: number;
}

export interface RateLimiter {
  /** Counts one hit on `key` in a fixed window of `windowSeconds`; allowed while count <= limit. */
  hit(key: string, limit: number, windowSeconds: number): Promise<RateDecision>;
  /**
   * Layered limits (per IP, then per address…) in one round trip: counts a hit on each key in
   * order, exactly as consecutive `hit` calls would, and stops at the first one refused, whose
   * decision it returns (the keys after it are not counted); otherwise the last key's decision.
   */
  hitEach(hits: readonly RateHit[]): Promise<RateDecision>;
  /** Forgets a key (e.g. failed logins after a successful one). */
  reset(key: string): Promise<void>;
  /** Drops ended windows; absent where they expire by themselves (Redis). */
  sweep?(): Promise<number>;
}

export const RATE_LIMITER = Symbol('RateLimiter');
