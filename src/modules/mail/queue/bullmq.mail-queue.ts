import { settledWithin } from '../../../common/lifecycle/bounded';
import { Queue } from 'bullmq';
import type { Logger } from 'pino';
import type { AppConfig } from '../../../config/config';
import { openQueueRedis, type Redis } from '../../../infra/redis/redis';
import { MAIL_QUEUE_NAME, type MailJobData, type MailQueue, queuePrefix } from './mail-queue.port';

/** Every job, whoever adds it: a finished or failed job is removed so its id (the message id) is free. */
export const MAIL_JOB_OPTIONS = {
  removeOnComplete: true,
  removeOnFail: true,
  // A failure here is an infrastructure error (database away) before any send: try a few times,
  // then the job is dropped and the relay adds it again once the row is still due.
  attempts: 3,
  backoff: { type: 'exponential', delay: 1000 },
} as const;

/**
 * The distributed profile's producer: after the enqueuing transaction commits, a BullMQ job whose
 * id is the message id (so adding it twice adds it once) and whose payload is that id only.
 * Adding never blocks or fails the request: the row is already durable, and the relay in the
 * worker role re-adds jobs for due rows that have none (a crash or a Redis outage in between).
 */
export class BullMqMailQueue implements MailQueue {
  readonly kind = 'bullmq';
  readonly queue: Queue<MailJobData>;
  private readonly connection: Redis;
  private readonly pending = new Set<Promise<void>>();
  private closed = false;

  constructor(
    stores: Redis,
    config: AppConfig,
    private readonly log: Logger,
  ) {
    this.connection = openQueueRedis(stores, 'producer');
    this.queue = new Queue<MailJobData>(MAIL_QUEUE_NAME, {
      connection: this.connection,
      prefix: queuePrefix(config.redisKeyPrefix),
      defaultJobOptions: MAIL_JOB_OPTIONS,
    });
    this.queue.on('error', (err) => this.log.warn({ err: err.message }, 'mail queue: Redis error'));
  }

  enqueued(id: string): void {
    if (this.closed) return; // shutting down: the relay picks the row up
    // On the next turn of the event loop, once the caller's answer is written: building and sending
    // the command is work only answers that wrote a mail would otherwise do before answering, and
    // that told them apart (POST /users/password-reset, docs/account.md "Timing"). A close in
    // between still waits for it.
    const added = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.add([id]))
      .catch((err: unknown) =>
        this.log.warn(
          { err: (err as Error).message, mailId: id },
          'mail queue: could not add the job (the relay will)',
        ),
      )
      .finally(() => this.pending.delete(added));
    this.pending.add(added);
  }

  wake(): void {
    // Workers block on Redis for new jobs: nothing to nudge.
  }

  /** Adds jobs for these message ids; ids that already have a job are left as they are. */
  async add(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.queue.addBulk(ids.map((id) => ({ name: 'deliver', data: { id }, opts: { jobId: id } })));
  }

  /**
   * Adds jobs for those of these ids that have none (the relay); returns how many it added. A job
   * that finishes between the check and the add is added again and completes at once (its row
   * is final), which is harmless.
   */
  async addMissing(ids: readonly string[]): Promise<number> {
    if (ids.length === 0) return 0;
    const pipeline = this.connection.pipeline();
    for (const id of ids) pipeline.exists(this.queue.toKey(id));
    const found = (await pipeline.exec()) ?? [];
    const missing = ids.filter((_, i) => found[i]?.[1] === 0);
    await this.add(missing);
    return missing.length;
  }

  /** For /health: the Redis holding the queue answers (on a cluster, the master of its slot). */
  async ping(): Promise<void> {
    await this.connection.exists(this.queue.toKey('meta'));
  }

  /** Lets adds already under way finish, then closes the connection. */
  async close(): Promise<void> {
    this.closed = true;
    // Bounded: with Redis down neither would end. A job not added is re-added by the relay.
    await settledWithin(Promise.allSettled([...this.pending]), 2000);
    await settledWithin(this.queue.close(), 2000);
    this.connection.disconnect();
  }
}
