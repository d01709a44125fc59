import net from 'node:net';
import type { SecureContext } from 'node:tls';
import type { Logger } from 'pino';
import { SmtpSession } from './smtp.session';

/** One SMTP reply: a code and its text (one line; enhanced status code included by the caller). */
export interface SmtpReply {
  code: number;
  text: string;
}

/** What the client said about the message before its data. */
export interface SmtpEnvelope {
  /** MAIL FROM ('' for the null sender `<>`). */
  mailFrom: string;
  /** RCPT TO, in order, as given. */
  rcptTo: string[];
  /** The name given with EHLO/HELO. */
  helo: string;
  /** The client's IP address (IPv4-mapped IPv6 written as IPv4). */
  remoteAddress: string;
  /** A short id of the connection, for logs. */
  session: string;
}

/**
 * Where one message's body goes while it arrives, in order, with dot-stuffing already undone.
 * `write` may return a promise: the connection then stops reading until it settles, so a slow
 * sink (a spool file) pushes back on the client instead of piling bytes up in memory.
 */
export interface SmtpMessageSink {
  write(piece: Buffer): void | Promise<void>;
  /** The final dot arrived within the size limit: store it and say what to answer, or 'drop'. */
  end(): Promise<SmtpReply | 'drop'>;
  /** The message will not be kept (too big, client gone, RSET during BDAT): free what it holds. */
  abort(): void;
}

/** The application side: protocol-only server, application hooks (the smtp-server way). */
export interface SmtpHandler {
  /** Called when DATA (or the first BDAT) starts a message body. */
  openMessage(envelope: SmtpEnvelope): SmtpMessageSink;
}

export interface SmtpServerOptions {
  handler: SmtpHandler;
  /** The name in the greeting and the EHLO answer. */
  name: string;
  /** Advertised with SIZE; a bigger message is answered 552 and nothing of it is kept. */
  maxMessageBytes: number;
  /** Accepts STARTTLS with this certificate when set (see SmtpSession for why it is not advertised). */
  secureContext?: () => Promise<SecureContext | undefined>;
  log?: Logger;
  /** An idle or half-open connection is answered 421 and closed after this long. */
  idleTimeoutMs?: number;
  /** Longest command line, CRLF included (RFC 5321 §4.5.3.1.4 says 512; AUTH lines run longer). */
  maxLineBytes?: number;
  /** RCPT TO beyond this in one transaction are answered 452 (RFC 5321 §4.5.3.1.8: at least 100). */
  maxRecipients?: number;
  /** Unknown or failing commands before the server hangs up with 421. */
  maxBadCommands?: number;
  /** Connections beyond this are answered 421 at once (bounds memory and descriptors). */
  maxClients?: number;
  /** On close, sessions still busy after this are cut. */
  closeTimeoutMs?: number;
}

const DEFAULTS = {
  idleTimeoutMs: 60_000,
  maxLineBytes: 4096,
  maxRecipients: 1000,
  maxBadCommands: 100,
  maxClients: 500,
  closeTimeoutMs: 2_000,
};

export type SmtpSettings = Required<Omit<SmtpServerOptions, 'secureContext' | 'log'>> &
  Pick<SmtpServerOptions, 'secureContext' | 'log'>;

/**
 * A lean SMTP listener (RFC 5321 with PIPELINING, 8BITMIME, SMTPUTF8, SIZE, CHUNKING,
 * ENHANCEDSTATUSCODES and AUTH PLAIN/LOGIN accepted but never required), protocol only: what
 * happens to a message is the handler's business. It owns the listening socket and the sessions;
 * each connection is an SmtpSession.
 */
export class SmtpServer {
  private readonly server: net.Server;
  private readonly sessions = new Set<SmtpSession>();
  /** Every open socket, refused ones included, so close() never waits on a client. */
  private readonly sockets = new Set<net.Socket>();
  private readonly settings: SmtpSettings;
  private sessionCounter = 0;

  constructor(options: SmtpServerOptions) {
    this.settings = { ...DEFAULTS, ...withoutUndefined(options) } as SmtpSettings;
    // Half-open: a client may send its last commands and FIN, and still be owed the answers.
    this.server = net.createServer({ allowHalfOpen: true }, (socket) => this.accept(socket));
    this.server.on('error', (err) => options.log?.warn({ err }, 'mailbox smtp: server error'));
  }

  async listen(port: number, host: string): Promise<{ host: string; port: number }> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    const address = this.server.address();
    return { host, port: typeof address === 'object' && address ? address.port : port };
  }

  get connections(): number {
    return this.sessions.size;
  }

  /**
   * Stops listening; each session finishes the message it is committing (its client gets its
   * answer), is told 421 and closed; whatever is still open after closeTimeoutMs is cut.
   */
  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const session of this.sessions) session.shutdown();
    const cut = setTimeout(() => {
      for (const socket of this.sockets) socket.destroy();
    }, this.settings.closeTimeoutMs);
    await closed;
    clearTimeout(cut);
  }

  private accept(socket: net.Socket): void {
    socket.setNoDelay(true);
    this.sockets.add(socket);
    socket.once('close', () => this.sockets.delete(socket));
    socket.on('error', (err) => this.settings.log?.debug({ err }, 'mailbox smtp: socket error'));
    if (this.sessions.size >= this.settings.maxClients) {
      socket.end('421 4.3.2 Too many connections, try again later\r\n');
      // A client that never closes its side must not hold the descriptor.
      setTimeout(() => socket.destroy(), 2_000).unref();
      return;
    }
    const session = new SmtpSession(socket, this.settings, (++this.sessionCounter).toString(36));
    this.sessions.add(session);
    session.onClose(() => this.sessions.delete(session));
    session.start();
  }
}

function withoutUndefined<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as Partial<T>;
}
