import net from 'node:net';
import path from 'node:path';
import { type SecureContext, createSecureContext } from 'node:tls';
import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import type { AppConfig } from '../../../config/config';
import { CONFIG, LOGGER } from '../../../core/tokens';
import { MAILBOX_STORE, type MailboxStore } from '../mailbox.store';
import { loadDevCertificate } from '../tls/dev-certificate';
import { IMAP_COMMANDS } from './commands';
import { ImapConnection } from './imap.connection';
import { MimeCache } from './mime-cache';
import { RecentLedger } from './recent-ledger';
import { listenOn } from '../net/listen';

/** Longest command line (RFC 7162 §4 recommends accepting at least 8000 octets). */
export const MAX_LINE_BYTES = 64 * 1024;
/** Most literal bytes per command: we take no APPEND, so literals are only credentials and search strings. */
export const MAX_LITERAL_BYTES = 64 * 1024;
/** Bounds memory and file descriptors. */
const MAX_CLIENTS = 500;

/**
 * The dev mailbox's IMAP4rev1 listener (RFC 3501): protocol only, over the MailboxStore port.
 * Each recipient address is a user with one mailbox, INBOX; UIDs are the store's message ids.
 */
@Injectable()
export class MailboxImapServer {
  private server?: net.Server;
  private bound?: { host: string; port: number };
  private readonly connections = new Set<ImapConnection>();
  private readonly mime = new MimeCache();
  private readonly recent: RecentLedger;

  constructor(
    @Inject(MAILBOX_STORE) private readonly store: MailboxStore,
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly log: Logger,
  ) {
    this.recent = new RecentLedger(store, log);
  }

  imapAddress(): { host: string; port: number } {
    if (!this.bound) throw new Error('the mailbox IMAP listener is not running');
    return this.bound;
  }

  get listening(): boolean {
    return this.bound !== undefined;
  }

  async listen(): Promise<void> {
    const tls = await this.tlsContext();
    const server = net.createServer((socket) => {
      if (this.connections.size >= MAX_CLIENTS) {
        socket.on('error', () => undefined);
        socket.end('* BYE too many connections\r\n');
        return;
      }
      const connection = new ImapConnection(socket, {
        store: this.store,
        mime: this.mime,
        recent: this.recent,
        password: this.config.mailbox.password,
        commands: IMAP_COMMANDS,
        log: this.log,
        idleTimeoutMs: this.config.mailbox.imapTimeoutMs,
        tls,
        maxLine: MAX_LINE_BYTES,
        maxLiteral: MAX_LITERAL_BYTES,
      });
      this.connections.add(connection);
      socket.once('close', () => this.connections.delete(connection));
      connection.start();
    });
    server.on('error', (err) => this.log.warn({ err }, 'mailbox imap: server error'));
    const { host, imapPort } = this.config.mailbox;
    const bound = await listenOn(server, imapPort, host);
    this.server = server;
    this.bound = bound;
    this.log.info({ imap: this.bound, starttls: !!tls }, 'dev mailbox IMAP listening');
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    this.bound = undefined;
    for (const c of this.connections) c.shutdown();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** STARTTLS is offered only when a certificate could be loaded or made. */
  private async tlsContext(): Promise<SecureContext | undefined> {
    try {
      const { key, cert } = await loadDevCertificate(path.join(this.config.dataDir, 'mailbox', 'tls'), [
        this.config.mailbox.host,
      ]);
      return createSecureContext({ key, cert });
    } catch (err) {
      this.log.warn({ err }, 'mailbox imap: no TLS certificate, STARTTLS not offered');
      return undefined;
    }
  }
}
