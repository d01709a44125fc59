import net from 'node:net';
import type { SmtpServerOptions, SmtpSettings } from './smtp.handler';
import { SmtpSession } from './smtp.session';
import { listenOn, withoutUndefined } from '../net/listen';

const DEFAULTS = {
  idleTimeoutMs: 60_000,
  maxLineBytes: 4096,
  maxRecipients: 1000,
  maxBadCommands: 100,
  maxClients: 500,
  closeTimeoutMs: 2_000,
};

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
    return listenOn(this.server, port, host);
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
