/**
 * How the outbox tells the worker side that a message is ready. The outbox row in the database
 * stays the record of truth (state, attempts, Message-ID); the queue only says "look at row <id>".
 *
 * - embedded profile: the in-process SQL polling worker; `wake()` makes it claim now.
 * - distributed profile: BullMQ on Redis; `enqueued(id)` adds a job `id` after the row's
 *   transaction commits, and a relay in the worker role adds the job again if that was lost.
 */
export interface MailQueue {
  readonly kind: 'polling' | 'bullmq';
  /** Called after the transaction that wrote message `id` committed. Never throws. */
  enqueued(id: string): void;
  /** A hint that there is work now (MailOutbox.wake). */
  wake(): void;
}

export const MAIL_QUEUE = Symbol('MailQueue');

/** The BullMQ queue's name; its keys are `{<REDIS_KEY_PREFIX without ':'>}:mail:…`. */
export const MAIL_QUEUE_NAME = 'mail';

/**
 * BullMQ's `prefix` option from REDIS_KEY_PREFIX, as a hash tag (`mailgate:` → `{mailgate}`, keys
 * `{mailgate}:mail:…`): BullMQ's scripts touch several of the queue's keys at once, which Redis
 * Cluster allows only within one slot, and a hash tag puts them all in the slot of its text. The
 * same layout on a single server, so moving to a cluster moves nothing. Releases before it used
 * `mailgate:mail:…`; jobs left there are not read, and the relay adds the due rows' jobs again
 * (docs/deploy.md, "Redis Cluster").
 */
export function queuePrefix(redisKeyPrefix: string): string {
  return `{${redisKeyPrefix.replace(/:+$/, '') || 'mailgate'}}`;
}

/** A job carries the outbox row's id and nothing else: no address, no body, no secret. */
export interface MailJobData {
  id: string;
}
