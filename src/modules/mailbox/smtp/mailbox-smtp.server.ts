import path from 'node:path';
import { type SecureContext, createSecureContext } from 'node:tls';
import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import type { AppConfig } from '../../../config/config';
import type { ChaosReply } from '../../../config/mailbox-chaos';
import { CONFIG, LOGGER } from '../../../core/tokens';
import { SmtpChaos } from '../chaos/smtp-chaos';
import { type IncomingBody, MAILBOX_STORE, type MailboxStore, type MessageSummary } from '../mailbox.store';
import type { MailboxEndpoint } from '../mailbox.port';
import { summarize, summarizeBytes } from '../message/message-summary';
import { loadDevCertificate } from '../tls/dev-certificate';
import type { SmtpEnvelope, SmtpHandler, SmtpMessageSink, SmtpReply } from './smtp.handler';
import { SmtpServer } from './smtp.server';

/** Advertised with the SIZE extension; a bigger message is answered 552 and nothing is kept. */
export const MAX_MESSAGE_BYTES = 25 * 1024 * 1024;
/** Bounds memory: each in-flight message may hold up to the store's in-memory threshold. */
const MAX_CLIENTS = 500;
/** An idle or half-open connection is dropped after this long. */
const SOCKET_TIMEOUT_MS = 60_000;
/** On shutdown, connections still open after this are cut. */
const CLOSE_TIMEOUT_MS = 2_000;
/** Body pieces are gathered up to this before they are handed to the store's body sink. */
const GATHER_BYTES = 64 * 1024;

const CHAOS_TEXT: Record<Exclude<ChaosReply, 'drop'>, string> = {
  421: '4.3.0 Service not available, closing transmission channel (chaos rule)',
  451: '4.3.0 Requested action aborted: local error in processing (chaos rule)',
  454: '4.7.0 Temporary authentication failure (chaos rule)',
  550: '5.1.1 Requested action not taken: mailbox unavailable (chaos rule)',
};

/**
 * The dev mailbox's SMTP listener: our own lean protocol server (smtp.server.ts) with this class
 * as its handler, accepting any sender and recipient, AUTH accepted but never required. Every
 * message is streamed into the store with a byte limit and answered 250 only once the store says
 * it is durable; a storage failure is a 451 so the sender retries instead of believing it was
 * delivered. The chaos switches (SmtpChaos) decide a message's fate at its final dot.
 */
@Injectable()
export class MailboxSmtpServer implements Pick<MailboxEndpoint, 'smtpAddress'>, SmtpHandler {
  private server?: SmtpServer;
  private bound?: { host: string; port: number };
  private tls?: Promise<SecureContext | undefined>;

  constructor(
    @Inject(MAILBOX_STORE) private readonly store: MailboxStore,
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly log: Logger,
    private readonly chaos: SmtpChaos,
  ) {}

  smtpAddress(): { host: string; port: number } {
    if (!this.bound) throw new Error('the mailbox SMTP listener is not running');
    return this.bound;
  }

  get listening(): boolean {
    return this.bound !== undefined;
  }

  async listen(): Promise<void> {
    const server = new SmtpServer({
      handler: this,
      name: 'mailgate',
      maxMessageBytes: MAX_MESSAGE_BYTES,
      maxClients: MAX_CLIENTS,
      idleTimeoutMs: SOCKET_TIMEOUT_MS,
      closeTimeoutMs: CLOSE_TIMEOUT_MS,
      secureContext: () => this.secureContext(),
      log: this.log,
    });
    const { host, smtpPort } = this.config.mailbox;
    this.bound = await server.listen(smtpPort, host);
    this.server = server;
    this.log.info({ smtp: this.bound }, 'dev mailbox SMTP listening');
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    this.bound = undefined;
    if (server) await server.close();
  }

  openMessage(envelope: SmtpEnvelope): SmtpMessageSink {
    return new MailboxMessage(this.store.createBody(MAX_MESSAGE_BYTES), envelope, {
      store: this.store,
      chaos: this.chaos,
      log: this.log,
    });
  }

  /** The same generated certificate POP3 and IMAP use, loaded on the first STARTTLS. */
  private secureContext(): Promise<SecureContext | undefined> {
    this.tls ??= loadDevCertificate(path.join(this.config.dataDir, 'mailbox', 'tls'), [
      this.config.mailbox.host,
    ]).then(
      ({ key, cert }) => createSecureContext({ key, cert }),
      (err: unknown) => {
        this.log.warn({ err }, 'mailbox smtp: no TLS certificate, STARTTLS refused');
        return undefined;
      },
    );
    return this.tls;
  }
}

/** One message on its way into the store. */
class MailboxMessage implements SmtpMessageSink {
  private pieces: Buffer[] = [];
  private gathered = 0;

  constructor(
    private readonly body: IncomingBody,
    private readonly envelope: SmtpEnvelope,
    private readonly deps: { store: MailboxStore; chaos: SmtpChaos; log: Logger },
  ) {}

  write(piece: Buffer): void | Promise<void> {
    this.pieces.push(piece);
    this.gathered += piece.length;
    if (this.gathered >= GATHER_BYTES) return this.handOver();
  }

  abort(): void {
    this.pieces = [];
    void this.body.discard();
  }

  async end(): Promise<SmtpReply | 'drop'> {
    const fate = this.deps.chaos.draw();
    if (fate !== undefined) {
      // A chaos rule fired: keep none of it, then answer with the rule's code or vanish.
      this.abort();
      this.deps.log.info({ session: this.envelope.session, chaos: fate }, 'mailbox smtp: chaos rule applied');
      return fate === 'drop' ? 'drop' : { code: fate, text: CHAOS_TEXT[fate] };
    }
    try {
      await this.handOver();
      const sender = this.envelope.mailFrom;
      const received = new Date();
      // A message the parser cannot make sense of is still stored: it is what the sender sent.
      const summary = await this.summarize(sender, received).catch(() => ({
        from: sender,
        toHeader: '',
        subject: '',
        date: received.toISOString(),
        snippet: '',
      }));
      const meta = await this.deps.store.append({
        sender,
        recipients: this.envelope.rcptTo,
        summary: { ...summary, clientAddress: this.envelope.remoteAddress, helo: this.envelope.helo },
        body: this.body,
      });
      return { code: 250, text: `2.0.0 Message stored as ${meta.id}` };
    } catch (err) {
      await this.body.discard();
      throw err;
    }
  }

  private handOver(): Promise<void> {
    const pieces = this.pieces;
    this.pieces = [];
    this.gathered = 0;
    if (pieces.length === 0) return Promise.resolve();
    return this.body.write(pieces.length === 1 ? pieces[0] : Buffer.concat(pieces));
  }

  /** In memory (nearly every message): one synchronous pass. Spooled: mailparser, streaming. */
  private async summarize(sender: string, received: Date): Promise<MessageSummary> {
    const bytes = this.body.inMemory?.();
    return bytes ? summarizeBytes(bytes, sender, received) : summarize(this.body.open(), sender, received);
  }
}
