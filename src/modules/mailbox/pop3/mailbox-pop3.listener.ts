import path from 'node:path';
import { type SecureContext, createSecureContext } from 'node:tls';
import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import type { AppConfig } from '../../../config/config';
import { CONFIG, LOGGER } from '../../../core/tokens';
import { MAILBOX_STORE, type MailboxStore } from '../mailbox.store';
import { loadDevCertificate } from '../tls/dev-certificate';
import { Pop3Server } from './pop3.server';

/** Starts and stops the POP3 server with the app, on MAILBOX_HOST:MAILBOX_POP3_PORT. */
@Injectable()
export class MailboxPop3Listener {
  private server?: Pop3Server;
  private bound?: { host: string; port: number };

  constructor(
    @Inject(MAILBOX_STORE) private readonly store: MailboxStore,
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly log: Logger,
  ) {}

  address(): { host: string; port: number } {
    if (!this.bound) throw new Error('the mailbox POP3 listener is not running');
    return this.bound;
  }

  get listening(): boolean {
    return this.bound !== undefined;
  }

  async listen(): Promise<void> {
    const { host, pop3Port, password } = this.config.mailbox;
    const server = new Pop3Server({
      store: this.store,
      password,
      secureContext: await this.secureContext(),
      log: this.log,
    });
    this.bound = await server.listen(pop3Port, host);
    this.server = server;
    this.log.info({ pop3: this.bound }, 'dev mailbox POP3 listening');
  }

  /** Without openssl there is no certificate: POP3 still works, only STLS is not offered. */
  private async secureContext(): Promise<SecureContext | undefined> {
    const dir = path.join(this.config.dataDir, 'mailbox', 'tls');
    try {
      const { key, cert } = await loadDevCertificate(dir, [this.config.mailbox.host]);
      return createSecureContext({ key, cert, minVersion: 'TLSv1.2' });
    } catch (err) {
      this.log.warn(
        { err, dir },
        'dev mailbox: no TLS certificate (is openssl installed?); POP3 STLS is off',
      );
      return undefined;
    }
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    this.bound = undefined;
    await server?.close();
  }
}
