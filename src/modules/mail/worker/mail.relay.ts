import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import type { Logger } from 'pino';
import type { AppConfig } from '../../../config/config';
import { CONFIG, LOGGER } from '../../../core/tokens';
import { OutboxStore } from '../outbox/outbox.store';
import type { BullMqMailQueue } from '../queue/bullmq.mail-queue';
import { MAIL_QUEUE } from '../queue/mail-queue.port';
import { RETRY } from './retry.policy';
import { settledWithin } from '../../../common/lifecycle/bounded';

export const RELAY = {
  /** Rows re-added per pass; a bigger backlog drains over the following passes. */
  batch: 500,
} as const;

/**
 * The distributed profile's safety net between the outbox (the truth) and BullMQ (the pointers).
 * Runs in every worker process; adding a job twice adds it once (jobId = message id), so several
 * relays are harmless. Each pass:
 *  1. rows `sending` whose lease expired (their job vanished with a worker and Redis both) go back
 *     to `retrying`, as in the embedded worker;
 *  2. due rows nobody claimed for MAIL_RELAY_GRACE get their job added (normal pick-up takes
 *     milliseconds; a pass runs every MAIL_RELAY_INTERVAL): the api process died between
 *     commit and adding it, Redis was away, or a job was dropped after repeated failures.
 */
@Injectable()
export class MailRelay implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private pass?: Promise<void>;
  private running = false;

  constructor(
    private readonly store: OutboxStore,
    @Inject(MAIL_QUEUE) private readonly queue: BullMqMailQueue,
    @Inject(LOGGER) private readonly log: Logger,
    @Inject(CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.running = true;
    this.schedule(0);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    // Bounded: a pass blocked on an unreachable Redis or database must not hold the exit.
    if (this.pass) await settledWithin(this.pass, 2000);
  }

  /** One pass now (tests and start-up); returns how many jobs it (re-)added. */
  async relay(): Promise<number> {
    const recovered = await this.store.recoverExpiredLeases(RETRY.maxAttempts);
    if (recovered > 0) this.log.warn({ recovered }, 'mail: reclaimed messages whose lease expired');
    const stranded = await this.store.findStranded(this.config.mail.queue.relayGraceMs, RELAY.batch);
    const added = await this.queue.addMissing(stranded);
    if (added > 0) this.log.warn({ added }, 'mail relay: added jobs for due messages that had none');
    return added;
  }

  private schedule(ms: number): void {
    if (!this.running) return;
    this.timer = setTimeout(() => {
      this.pass = this.relay()
        .then(() => undefined)
        .catch((err: unknown) =>
          this.log.warn({ err: (err as Error).message }, 'mail relay: pass failed (will try again)'),
        )
        .finally(() => this.schedule(this.config.mail.queue.relayIntervalMs));
    }, ms);
  }
}
