/**
 * When and how often the worker tries again. Errors decide whether to retry (the transport
 * classifies them); this file decides when.
 */
export const RETRY = {
  /** Attempts before a message is `failed` (the first send included). */
  maxAttempts: 8,
  baseMs: 2_000,
  capMs: 10 * 60_000,
  /** A provider that says "slow down" (454) is not asked again for at least this long. */
  throttledFloorMs: 30_000,
} as const;

/**
 * Exponential backoff with full jitter (AWS Architecture Blog, "Exponential Backoff And Jitter"):
 * a uniform delay in [0, min(cap, base·2^(n-1))). Jitter spreads the retries of many messages that
 * failed together (a provider outage) so they do not return as one thundering herd.
 * `attempt` is the number of attempts already made (1 after the first failure).
 */
export function backoffMs(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(RETRY.capMs, RETRY.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(random() * ceiling);
}

export function retryDelayMs(
  attempt: number,
  throttled: boolean,
  random: () => number = Math.random,
): number {
  const delay = backoffMs(attempt, random);
  return throttled ? Math.max(delay, RETRY.throttledFloorMs) : delay;
}
