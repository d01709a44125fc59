import path from 'node:path';
import {
  type BeforeApplicationShutdown,
  Global,
  Inject,
  Module,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import type { Logger } from 'pino';
import type { AppConfig } from '../../config/config';
import { CONFIG, LOGGER } from '../../core/tokens';
import { HealthRegistry } from '../health/health.port';
import { MailboxController } from './api/mailbox.controller';
import { MAILBOX_ENDPOINT } from './mailbox.port';
import { MailboxService } from './mailbox.service';
import { MAILBOX_STORE, type MailboxStore } from './mailbox.store';
import { MailboxSmtpServer } from './smtp/mailbox-smtp.server';
import { FileMailboxStore } from './storage/file-mailbox.store';
import { MailboxWebController } from './web/mailbox-web.controller';

/**
 * The built-in dev mailbox: SMTP ingest, storage, REST API and web inbox. Imported only when
 * MAILBOX=on; global so the mail module can ask for MAILBOX_ENDPOINT (optionally) without
 * importing a module that may not be there.
 */
@Global()
@Module({
  controllers: [MailboxController, MailboxWebController],
  providers: [
    {
      provide: MAILBOX_STORE,
      inject: [CONFIG, LOGGER],
      useFactory: (config: AppConfig, log: Logger): Promise<MailboxStore> =>
        FileMailboxStore.open({
          dir: path.join(config.dataDir, 'mailbox'),
          maxMessages: config.mailbox.maxMessages,
          log,
        }),
    },
    MailboxSmtpServer,
    { provide: MAILBOX_ENDPOINT, useExisting: MailboxSmtpServer },
    MailboxService,
  ],
  exports: [MAILBOX_ENDPOINT],
})
export class MailboxModule implements OnModuleInit, BeforeApplicationShutdown, OnApplicationShutdown {
  constructor(
    private readonly smtp: MailboxSmtpServer,
    @Inject(MAILBOX_STORE) private readonly store: MailboxStore,
    private readonly health: HealthRegistry,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.smtp.listen();
    this.health.register({
      name: 'mailbox',
      check: async () =>
        this.smtp.listening
          ? { ok: true }
          : { ok: false, detail: 'the mailbox SMTP listener is not running' },
    });
  }

  /** Stop taking mail first, so nothing is accepted that the store can no longer commit. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.smtp.close();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}
