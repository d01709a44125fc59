/** The mail worker's limits (mail.worker.ts, queue.worker.ts); read by the CLI's shutdown watchdog too. */
export const WORKER = {
  /**
   * Sends in flight at once: six times the SMTP pool's connections, the rest queued in the pool. A
   * connection never idles while its next message is being settled, and many sends finish
   * together, so their settles (and suppression lookups) share statements (OutboxStore.markSent):
   * PGlite's cost per statement is mostly fixed, and 16 in flight (about 6 outcomes per settle)
   * took twice the statements per message of 48 (about 14). Measured in docs/benchmarks.md.
   */
  concurrency: 48,
  /**
   * Claimed messages held ready beyond those in flight, so a finished send is replaced at once and
   * claims go in batches (one UPDATE … RETURNING for at least this many) instead of one per send.
   */
  prefetch: 32,
  /** How long a claim lasts; longer than any send can take (the SMTP timeouts add up to well under it). */
  leaseMs: 2 * 60_000,
  /** Polling when nobody calls wake(): due retries and other processes' messages are found this fast. */
  pollMs: 1_000,
  /** At shutdown, how long in-flight sends may take to finish before their messages are released. */
  drainMs: 10_000,
} as const;
