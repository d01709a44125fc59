import { Inject, Module, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { Logger } from 'pino';
import type { AppConfig } from '../../config/config';
import { CONFIG, LOGGER, REDIS } from '../../core/tokens';
import type { Redis } from '../../infra/redis/redis';
import { HealthRegistry } from '../health/health.port';
import { type AppMetrics, METRICS } from '../metrics/metrics.port';
import { MAIL_COURIER, MAIL_OUTBOX, SEND_GUARDS, SUPPRESSION_LIST } from './mail.port';
import { MailOutboxService } from './outbox/mail-outbox.service';
import { OutboxStore } from './outbox/outbox.store';
import { BullMqMailQueue } from './queue/bullmq.mail-queue';
import { MAIL_QUEUE, type MailQueue } from './queue/mail-queue.port';
import { PollingMailQueue } from './queue/polling.mail-queue';
import { SendGuardRegistry } from './send-guard.registry';
import { SqlSuppressionList } from './suppression/sql.suppression-list';

/**
 * The outbox side of mail, in every process that enqueues (the api role): the outbox, the queue
 * producer, the suppression list and the send guards. Other features see MAIL_OUTBOX and SEND_GUARDS
 * (signup), MAIL_COURIER and SUPPRESSION_LIST (the Email API) only. Delivery is MailWorkerModule (worker/), loaded by the
 * worker role.
 */
@Module({
  providers: [
    OutboxStore,
    MailOutboxService,
    {
      provide: MAIL_QUEUE,
      inject: [CONFIG, LOGGER, REDIS],
      // REDIS: the stores' connection, set in the distributed profile; the queue connects alike.
      useFactory: (config: AppConfig, log: Logger, redis: Redis | null): MailQueue =>
        redis ? new BullMqMailQueue(redis, config, log) : new PollingMailQueue(),
    },
    { provide: MAIL_OUTBOX, useExisting: MailOutboxService },
    { provide: MAIL_COURIER, useExisting: MailOutboxService },
    { provide: SUPPRESSION_LIST, useClass: SqlSuppressionList },
    // One registry per process: features register their guards, the worker asks it (worker/).
    { provide: SEND_GUARDS, useClass: SendGuardRegistry },
  ],
  exports: [MAIL_OUTBOX, MAIL_COURIER, SUPPRESSION_LIST, SEND_GUARDS, OutboxStore, MAIL_QUEUE],
})
export class MailModule implements OnModuleInit, OnApplicationShutdown {
  constructor(
    @Inject(MAIL_QUEUE) private readonly queue: MailQueue,
    private readonly health: HealthRegistry,
    @Inject(METRICS) private readonly metrics: AppMetrics,
    private readonly store: OutboxStore,
  ) {}

  onModuleInit(): void {
    // The outbox table is the record in both profiles, so queue depth is read from it.
    this.metrics.setQueueDepthSource(() => this.store.countUnfinished());
    const producer = this.queue instanceof BullMqMailQueue ? this.queue : undefined;
    if (producer)
      this.health.register({
        name: 'queue',
        check: async () => {
          await producer.ping();
          return { ok: true };
        },
      });
  }

  /** After the HTTP server closed (no request can enqueue any more): flush job adds, disconnect. */
  async onApplicationShutdown(): Promise<void> {
    if (this.queue instanceof BullMqMailQueue) await this.queue.close();
  }
}
