import { type DynamicModule, Inject, Module, type OnModuleInit, type Provider } from '@nestjs/common';
import type { AppConfig, Profile } from '../../../config/config';
import { CONFIG } from '../../../core/tokens';
import { HealthRegistry } from '../../health/health.port';
import { MAILBOX_ENDPOINT, type MailboxEndpoint } from '../../mailbox/mailbox.port';
import { MailModule } from '../mail.module';
import { MAIL_TRANSPORT, type MailTransport } from '../transports/mail-transport.port';
import { createTransport } from '../transports/transport.registry';
import { MailDelivery } from './mail.delivery';
import { MailRelay } from './mail.relay';
import { MailWorker } from './mail.worker';
import { QueueMailWorker } from './queue.worker';
import { TransportPause } from './transport-pause';

/** Whichever worker the profile runs: both report whether they are taking work. */
const RUNNING_WORKER = Symbol('RunningMailWorker');

/**
 * Delivery (the worker role): templates, transports and the worker. The embedded profile polls the
 * outbox table in-process (MailWorker); the distributed profile consumes BullMQ jobs
 * (QueueMailWorker) with a relay that re-adds lost jobs (MailRelay). Both send through MailDelivery.
 */
@Module({})
export class MailWorkerModule implements OnModuleInit {
  static forRoot(profile: Profile): DynamicModule {
    const workers: Provider[] =
      profile === 'distributed'
        ? [QueueMailWorker, MailRelay, { provide: RUNNING_WORKER, useExisting: QueueMailWorker }]
        : [MailWorker, { provide: RUNNING_WORKER, useExisting: MailWorker }];
    return {
      module: MailWorkerModule,
      imports: [MailModule],
      providers: [
        MailDelivery,
        {
          provide: TransportPause,
          inject: [CONFIG],
          useFactory: (config: AppConfig) => new TransportPause(config.mail.throttlePause),
        },
        ...workers,
        {
          provide: MAIL_TRANSPORT,
          // The dev mailbox is optional: with MAILBOX=off its module (and endpoint) does not exist,
          // and in the distributed profile it runs in its own process (`mailgate mailbox`), found at
          // MAILBOX_HOST:MAILBOX_SMTP_PORT.
          inject: [CONFIG, { token: MAILBOX_ENDPOINT, optional: true }],
          useFactory: (config: AppConfig, mailbox?: MailboxEndpoint): MailTransport =>
            createTransport({ config, mailbox: mailbox ?? configuredMailbox(config) }),
        },
      ],
    };
  }

  constructor(
    private readonly health: HealthRegistry,
    @Inject(RUNNING_WORKER) private readonly worker: MailWorker | QueueMailWorker,
    @Inject(MAIL_TRANSPORT) private readonly transport: MailTransport,
  ) {}

  onModuleInit(): void {
    // Configuration and worker state only: /health must not open an SMTP session per probe.
    this.health.register({
      name: 'mail',
      check: async () => {
        if (!this.worker.isRunning) return { ok: false, detail: 'the mail worker is not running' };
        if (this.worker instanceof QueueMailWorker) await this.worker.ping();
        const transport = this.transport.health();
        return transport.ok ? { ok: true } : transport;
      },
    });
  }
}

/** The dev mailbox of another process, where the settings say it listens. */
function configuredMailbox(config: AppConfig): MailboxEndpoint | undefined {
  if (!config.mailbox.enabled) return undefined;
  const at = (port: number) => () => ({ host: config.mailbox.host, port });
  return {
    smtpAddress: at(config.mailbox.smtpPort),
    pop3Address: at(config.mailbox.pop3Port),
    imapAddress: at(config.mailbox.imapPort),
  };
}
