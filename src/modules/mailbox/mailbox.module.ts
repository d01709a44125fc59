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
import { MAILBOX_RESOLVER, MailboxService } from './mailbox.service';
import { createLocalResolver } from './message/local-resolver';
import { MAILBOX_STORE, type MailboxStore } from './mailbox.store';
import { MailboxSmtpServer } from './smtp/mailbox-smtp.server';
import { FileMailboxStore } from './storage/file-mailbox.store';
import { MailboxEventsController } from './web/mailbox-events.controller';
import { MailboxWebController } from './web/mailbox-web.controller';

/** The domain part of MAIL_FROM (`name <user@domain>` or a bare address). */
function mailFromDomain(from: string): string | undefined {
  const address = /<([^>]*)>/.exec(from)?.[1] ?? from;
  const at = address.lastIndexOf('@');
  return at === -1
    ? undefined
    : address
        .slice(at + 1)
        .trim()
        .toLowerCase() || undefined;
}

/**
 * The built-in dev mailbox: SMTP ingest, storage, REST API and web inbox. Imported only when
 * MAILBOX=on; global so the mail module can ask for MAILBOX_ENDPOINT (optionally) without
 * importing a module that may not be there.
 */
@Global()
@Module({
  controllers: [MailboxController, MailboxEventsController, MailboxWebController],
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
    {
      provide: MAILBOX_RESOLVER,
      inject: [CONFIG],
      useFactory: (config: AppConfig) =>
        createLocalResolver({ dkim: config.mail.dkim, senderDomain: mailFromDomain(config.mail.from) }),
    },
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
