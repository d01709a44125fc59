import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { DelayedError, type Job, Worker } from 'bullmq';
import type { Logger } from 'pino';
import type { AppConfig } from '../../../config/config';
import { CONFIG, LOGGER, REDIS } from '../../../core/tokens';
import { openQueueRedis, type Redis } from '../../../infra/redis/redis';
import { type ClaimedMessage, OutboxStore } from '../outbox/outbox.store';
import { MAIL_QUEUE_NAME, type MailJobData, queuePrefix } from '../queue/mail-queue.port';
import { settledWithin } from '../../../common/lifecycle/bounded';
import { MailDelivery } from './mail.delivery';
import { WORKER } from './mail.worker';
import { RETRY } from './retry.policy';

/**
 * Jobs one worker process runs at once: twice the SMTP pool's connections. Each job claims and
 * settles its own row, so there is no batching to gain from more (unlike the embedded poller's
 * WORKER.concurrency).
 */
export const QUEUE_CONCURRENCY = 16;

/**
 * The distributed profile's worker: consumes BullMQ jobs (payload: the outbox row's id) and runs
 * the same claim → render → send → settle path as the embedded poller, through MailDelivery. The
 * row stays the record of truth; the job is only a pointer:
 *  - a retry moves the same job to `delayed` until the row's next attempt is due;
 *  - a job whose row is not due yet is delayed to that time, one whose row is final completes;
 *  - a job handed out again after its worker died takes the row over (OutboxStore.claimOne).
 */
@Injectable()
export class QueueMailWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private worker?: Worker<MailJobData>;
  private connection?: Redis;
  private running = false;
  /** Resolved when shutdown gives up waiting: in-flight sends are released for another worker. */
  private abandon?: () => void;
  private readonly abandoned: Promise<void>;
  /** Sends abandoned at shutdown and counted for the log line. */
  private released = 0;

  constructor(
    private readonly store: OutboxStore,
    private readonly delivery: MailDelivery,
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly log: Logger,
    /** The stores' connection: the worker's own connects to the same Redis, alike. */
    @Inject(REDIS) private readonly stores: Redis,
  ) {
    this.abandoned = new Promise<void>((resolve) => (this.abandon = resolve));
  }

  get isRunning(): boolean {
    return this.running;
  }

  /** For /health: the Redis holding the queue answers (on a cluster, the master of its slot). */
  async ping(): Promise<void> {
    if (!this.connection || !this.worker) throw new Error('the queue worker is not started');
    await this.connection.exists(this.worker.toKey('meta'));
  }

  onApplicationBootstrap(): void {
    this.connection = openQueueRedis(this.stores, 'worker');
    this.worker = new Worker<MailJobData>(MAIL_QUEUE_NAME, (job, token) => this.process(job, token), {
      connection: this.connection,
      prefix: queuePrefix(this.config.redisKeyPrefix),
      concurrency: QUEUE_CONCURRENCY,
      // BullMQ's job lock, renewed every half of it while the job runs. When a worker is killed its
      // jobs' locks lapse and the stalled check (in every worker) puts them back: a killed worker's
      // messages are sent again within about lock + 2 × interval. A job may stall maxStalledCount
      // times before BullMQ drops it; the relay then adds it again, so that only bounds churn.
      // MAIL_QUEUE_LOCK, MAIL_QUEUE_STALLED_INTERVAL, MAIL_QUEUE_MAX_STALLED.
      lockDuration: this.config.mail.queue.lockMs,
      stalledInterval: this.config.mail.queue.stalledIntervalMs,
      maxStalledCount: this.config.mail.queue.maxStalledCount,
    });
    this.worker.on('error', (err) => this.log.warn({ err: err.message }, 'mail queue worker: Redis error'));
    this.worker.on('failed', (job, err) =>
      this.log.warn({ mailId: job?.data.id, err: err.message }, 'mail queue: job failed'),
    );
    this.running = true;
  }

  /**
   * Stops taking jobs, lets in-flight sends finish for up to WORKER.drainMs, then releases the rest
   * (row back to due, job back to the queue) so another worker sends them without waiting for a
   * lock to lapse. A send still under way may then go through twice (same Message-ID).
   */
  async beforeApplicationShutdown(): Promise<void> {
    if (!this.running || !this.worker) return;
    this.running = false;
    const bound = setTimeout(() => this.abandon?.(), WORKER.drainMs);
    try {
      // Redis down: BullMQ's close would wait for it forever. Past the drain and a margin, leave;
      // the job's lock lapses and the row's lease recovers the message.
      if (!(await settledWithin(this.worker.close(), WORKER.drainMs + 2000)))
        this.log.warn('mail worker: the queue did not close in time (is Redis reachable?)');
    } finally {
      clearTimeout(bound);
      this.connection?.disconnect();
    }
    if (this.released > 0)
      this.log.warn({ released: this.released }, 'mail worker stopped with sends in flight');
    await this.delivery.close();
  }

  private async process(job: Job<MailJobData>, token: string | undefined): Promise<string> {
    // A throttled transport is left alone until its pause ends (this process's view, see
    // transport-pause.ts): the job waits as delayed, no attempt is made or counted.
    const pausedUntil = this.delivery.pause.pausedUntil(this.delivery.transportName);
    if (pausedUntil !== undefined) return this.delay(job, token, pausedUntil - Date.now());
    const claim = await this.store.claimOne(job.data.id, WORKER.leaseMs, RETRY.maxAttempts);
    switch (claim.state) {
      case 'missing':
      case 'final':
      case 'busy':
        // Nothing to send: a duplicate job, or (busy) a row another process holds with its lease.
        return claim.state;
      case 'not-due':
        return this.delay(job, token, claim.dueInMs);
      case 'claimed':
        if (claim.tookOver) this.log.warn({ mailId: claim.message.id }, 'mail: took over a stalled message');
        return this.send(job, token, claim.message);
    }
  }

  private async send(
    job: Job<MailJobData>,
    token: string | undefined,
    message: ClaimedMessage,
  ): Promise<string> {
    const delivering = this.delivery.deliver(message);
    const result = await Promise.race([delivering, this.abandoned.then(() => undefined)]);
    if (result === undefined) {
      // Shutdown ran out of time. The send carries on in the background; its settle will find the
      // lease gone, and the message goes to another worker now.
      delivering.catch(() => undefined);
      this.released++;
      await this.store.release(message);
      return this.delay(job, token, 0);
    }
    if ((result.outcome === 'retry' || result.outcome === 'throttled') && result.kept)
      return this.delay(job, token, result.retryInMs ?? 0);
    return result.outcome;
  }

  /** Puts this same job back as delayed (not a failure, no attempt used): BullMQ's step-job pattern. */
  private async delay(job: Job<MailJobData>, token: string | undefined, ms: number): Promise<never> {
    await job.moveToDelayed(Date.now() + ms, token);
    throw new DelayedError();
  }
}
