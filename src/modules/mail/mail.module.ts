import { Inject, Module, type OnModuleInit } from '@nestjs/common';
import type { AppConfig } from '../../config/config';
import { CONFIG } from '../../core/tokens';
import { HealthRegistry } from '../health/health.port';
import { MAILBOX_ENDPOINT, type MailboxEndpoint } from '../mailbox/mailbox.port';
import { MAIL_OUTBOX } from './mail.port';
import { MailOutboxService } from './outbox/mail-outbox.service';
import { OutboxStore } from './outbox/outbox.store';
import { MAIL_TRANSPORT, type MailTransport } from './transports/mail-transport.port';
import { createTransport } from './transports/transport.registry';
import { MailWorker } from './worker/mail.worker';

/** Outbox, worker, templates and transports. Other features see MAIL_OUTBOX only. */
@Module({
  providers: [
    OutboxStore,
    MailWorker,
    MailOutboxService,
    { provide: MAIL_OUTBOX, useExisting: MailOutboxService },
    {
      provide: MAIL_TRANSPORT,
      // The dev mailbox is optional: with MAILBOX=off its module (and endpoint) does not exist.
      inject: [CONFIG, { token: MAILBOX_ENDPOINT, optional: true }],
      useFactory: (config: AppConfig, mailbox?: MailboxEndpoint): MailTransport =>
        createTransport({ config, mailbox }),
    },
  ],
  exports: [MAIL_OUTBOX],
})
export class MailModule implements OnModuleInit {
  constructor(
    private readonly health: HealthRegistry,
    private readonly worker: MailWorker,
    @Inject(MAIL_TRANSPORT) private readonly transport: MailTransport,
  ) {}

  onModuleInit(): void {
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
