import { Inject, Module, type OnModuleInit } from '@nestjs/common';
import type { AppConfig } from '../../config/config';
import { CONFIG } from '../../core/tokens';
import { HealthRegistry } from '../health/health.port';
import { type AppMetrics, METRICS } from '../metrics/metrics.port';
import { MAILBOX_ENDPOINT, type MailboxEndpoint } from '../mailbox/mailbox.port';
import { MAIL_COURIER, MAIL_OUTBOX, SUPPRESSION_LIST } from './mail.port';
import { MailOutboxService } from './outbox/mail-outbox.service';
import { OutboxStore } from './outbox/outbox.store';
import { SqlSuppressionList } from './suppression/sql.suppression-list';
import { MAIL_TRANSPORT, type MailTransport } from './transports/mail-transport.port';
import { createTransport } from './transports/transport.registry';
import { MailWorker } from './worker/mail.worker';

/**
 * Outbox, worker, templates, transports and the suppression list. Other features see MAIL_OUTBOX
 * (signup), MAIL_COURIER and SUPPRESSION_LIST (the Email API) only.
 */
@Module({
  providers: [
    OutboxStore,
    MailWorker,
    MailOutboxService,
    { provide: MAIL_OUTBOX, useExisting: MailOutboxService },
    { provide: MAIL_COURIER, useExisting: MailOutboxService },
    { provide: SUPPRESSION_LIST, useClass: SqlSuppressionList },
    {
      provide: MAIL_TRANSPORT,
      // The dev mailbox is optional: with MAILBOX=off its module (and endpoint) does not exist.
      inject: [CONFIG, { token: MAILBOX_ENDPOINT, optional: true }],
      useFactory: (config: AppConfig, mailbox?: MailboxEndpoint): MailTransport =>
        createTransport({ config, mailbox }),
    },
  ],
  exports: [MAIL_OUTBOX, MAIL_COURIER, SUPPRESSION_LIST],
})
export class MailModule implements OnModuleInit {
  constructor(
    private readonly health: HealthRegistry,
    private readonly worker: MailWorker,
    @Inject(MAIL_TRANSPORT) private readonly transport: MailTransport,
    @Inject(METRICS) private readonly metrics: AppMetrics,
    private readonly store: OutboxStore,
  ) {}

  onModuleInit(): void {
    this.metrics.setQueueDepthSource(() => this.store.countUnfinished());
    // Configuration and worker state only: /health must not open an SMTP session per probe.
    this.health.register({
      name: 'mail',
      check: async () => {
        if (!this.worker.isRunning) return { ok: false, detail: 'the mail worker is not running' };
        const transport = this.transport.health();
        return transport.ok ? { ok: true } : transport;
      },
    });
  }
}
