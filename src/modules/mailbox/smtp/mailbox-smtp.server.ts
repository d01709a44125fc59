import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import type { AppConfig } from '../../../config/config';
import type { ChaosReply } from '../../../config/mailbox-chaos';
import { CONFIG, LOGGER } from '../../../core/tokens';
import { SmtpChaos } from '../chaos/smtp-chaos';
import { type IncomingBody, MAILBOX_STORE, type MailboxStore, type MessageSummary } from '../mailbox.store';
import type { MailboxEndpoint } from '../mailbox.port';
import { summarize, summarizeBytes } from '../message/message-summary';

/** Advertised with the SIZE extension; a bigger message is answered 552 and nothing is kept. */
export const MAX_MESSAGE_BYTES = 25 * 1024 * 1024;
/** Bounds memory: each in-flight message may hold up to the store's in-memory threshold. */
const MAX_CLIENTS = 500;
/** An idle or half-open connection is dropped after this long. */
const SOCKET_TIMEOUT_MS = 60_000;
/** On shutdown, connections still open after this are cut. */
const CLOSE_TIMEOUT_MS = 2_000;

type SmtpError = Error & { responseCode: number };

const CHAOS_TEXT: Record<Exclude<ChaosReply, 'drop'>, string> = {
  421: 'Service not available, closing transmission channel (chaos rule)',
  451: 'Requested action aborted: local error in processing (chaos rule)',
  454: 'Temporary authentication failure (chaos rule)',
  550: 'Requested action not taken: mailbox unavailable (chaos rule)',
};

function smtpError(responseCode: number, message: string): SmtpError {
  return Object.assign(new Error(message), { responseCode });
}

/**
 * The dev mailbox's SMTP listener: protocol only (smtp-server does the protocol), accepting any
 * sender and recipient, AUTH accepted but never required. Every DATA is streamed into the store
 * with a byte limit and answered 250 only once the store says the message is durable; a storage
 * failure is a 451 so the sender retries instead of believing it was delivered.
 */
@Injectable()
export class MailboxSmtpServer implements Pick<MailboxEndpoint, 'smtpAddress'> {
  private server?: SMTPServer;
  private bound?: { host: string; port: number };

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
    const server = new SMTPServer({
      name: 'mailgate',
      banner: 'mailgate dev mailbox',
      size: MAX_MESSAGE_BYTES,
      // No TLS on a loopback dev listener: a self-signed STARTTLS would only make clients fail.
      disabledCommands: ['STARTTLS'],
      authOptional: true,
      allowInsecureAuth: true,
      // Any credentials are fine: this mailbox catches mail, it does not relay it anywhere.
      onAuth: (auth, _session, callback) => callback(null, { user: auth.username ?? 'anonymous' }),
      // Pooled senders send many messages per connection without AUTH.
      maxAllowedUnauthenticatedCommands: false,
      maxClients: MAX_CLIENTS,
      socketTimeout: SOCKET_TIMEOUT_MS,
      closeTimeout: CLOSE_TIMEOUT_MS,
      disableReverseLookup: true,
      logger: false,
      onData: (stream, session, callback) => {
        const fate = this.chaos.draw();
        if (fate !== undefined) {
          this.misbehave(fate, stream, session).then(
            () => callback(null),
            (err: SmtpError) => callback(err),
          );
          return;
        }
        this.receive(stream, session).then(
          (id) => callback(null, `Message stored as ${id}`),
          (err: SmtpError) => callback(err),
        );
      },
    });
    // A broken client must never take the process down: log and carry on.
    server.on('error', (err) => this.log.warn({ err }, 'mailbox smtp: connection error'));
    const { host, smtpPort } = this.config.mailbox;
    await new Promise<void>((resolve, reject) => {
      server.server.once('error', reject);
      server.listen(smtpPort, host, () => {
        server.server.off('error', reject);
        resolve();
      });
    });
    const address = server.server.address();
    this.server = server;
    this.bound = { host, port: typeof address === 'object' && address ? address.port : smtpPort };
    this.log.info({ smtp: this.bound }, 'dev mailbox SMTP listening');
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    this.bound = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /**
   * A chaos rule fired (see SmtpChaos): read the message to its end, keep none of it, then answer
   * with the rule's code, or cut the connection without any answer ('drop'), the way a crashing or
   * overloaded server would.
   */
  private async misbehave(
    fate: ChaosReply,
    stream: SMTPServerDataStream,
    session: SMTPServerSession,
  ): Promise<void> {
    // Drained and dropped: a rejected message is never stored.
    for await (const chunk of stream as AsyncIterable<Buffer>) void chunk;
    this.log.info({ session: session.id, chaos: fate }, 'mailbox smtp: chaos rule applied');
    if (fate === 'drop') {
      for (const connection of this.server?.connections ?? [])
        if (connection.id === session.id) connection._socket.destroy();
      throw smtpError(421, 'Connection dropped by a chaos rule');
    }
    throw smtpError(fate, CHAOS_TEXT[fate]);
  }

  /** In memory (nearly every message): one synchronous pass. Spooled: mailparser, streaming. */
  private async summarize(body: IncomingBody, sender: string, received: Date): Promise<MessageSummary> {
    const bytes = body.inMemory?.();
    return bytes ? summarizeBytes(bytes, sender, received) : summarize(body.open(), sender, received);
  }

  private async receive(stream: SMTPServerDataStream, session: SMTPServerSession): Promise<number> {
    const body = this.store.createBody(MAX_MESSAGE_BYTES);
    const { mailFrom, rcptTo } = session.envelope;
    const sender = mailFrom ? mailFrom.address : '';
    try {
      // Drain all of it even when over the limit: the client is owed an answer after its final dot.
      for await (const chunk of stream as AsyncIterable<Buffer>) await body.write(chunk);
      if (stream.sizeExceeded || body.overflowed)
        throw smtpError(552, `Message exceeds fixed maximum message size of ${MAX_MESSAGE_BYTES} bytes`);
      const received = new Date();
      // A message the parser cannot make sense of is still stored: it is what the sender sent.
      const summary = await this.summarize(body, sender, received).catch(() => ({
        from: sender,
        toHeader: '',
        subject: '',
        date: received.toISOString(),
        snippet: '',
      }));
      const meta = await this.store.append({
        sender,
        recipients: rcptTo.map((r) => r.address),
        summary: { ...summary, clientAddress: session.remoteAddress, helo: session.hostNameAppearsAs },
        body,
      });
      return meta.id;
    } catch (err) {
      await body.discard();
      if ((err as Partial<SmtpError>).responseCode === 552) throw err;
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ECONNECTION' || code === 'ERR_STREAM_PREMATURE_CLOSE')
        this.log.debug({ session: session.id }, 'mailbox smtp: client left in the middle of a message');
      else this.log.error({ err, session: session.id }, 'mailbox smtp: could not store a message');
      throw smtpError(451, 'Requested action aborted: local error in processing');
    }
  }
}
