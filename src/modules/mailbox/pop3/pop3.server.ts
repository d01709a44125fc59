import net from 'node:net';
import type { SecureContext } from 'node:tls';
import type { Logger } from 'pino';
import type { MailboxStore } from '../mailbox.store';
import { Pop3Session } from './pop3.session';
import { listenOn, withoutUndefined } from '../net/listen';

export interface Pop3ServerOptions {
  store: MailboxStore;
  /** The one password of every mailbox (MAILBOX_PASSWORD). */
  password: string;
  /** Offers STLS when set. */
  secureContext?: SecureContext;
  log?: Logger;
  /** RFC 1939 §3: an autologout timer of at least 10 minutes. */
  idleTimeoutMs?: number;
  /** RFC 2449 §4: a command line is at most 255 octets; we allow 512 including CRLF. */
  maxLineBytes?: number;
  /** Unknown, misplaced or failing commands (wrong passwords too) before the server hangs up. */
  maxBadCommands?: number;
  /** Added before answering a wrong password, to slow guessing down. */
  authFailureDelayMs?: number;
  /** Connections beyond this are refused with -ERR at once (bounds memory and descriptors). */
  maxClients?: number;
}

const DEFAULTS = {
  idleTimeoutMs: 10 * 60_000,
  maxLineBytes: 512,
  maxBadCommands: 10,
  authFailureDelayMs: 1_000,
  maxClients: 200,
};

/**
 * The dev mailbox's POP3 listener: protocol only, over the MailboxStore port. It owns the
 * listening socket, the live sessions and the per-mailbox locks; each connection is a Pop3Session.
 */
export class Pop3Server {
  private readonly server: net.Server;
  private readonly sessions = new Set<Pop3Session>();
  /** Every open socket, refused ones included, so close() never waits on a client. */
  private readonly sockets = new Set<net.Socket>();
  private readonly locks = new Set<string>();
  private readonly settings: typeof DEFAULTS;

  constructor(private readonly options: Pop3ServerOptions) {
    this.settings = { ...DEFAULTS, ...withoutUndefined(options) };
    this.server = net.createServer((socket) => this.accept(socket));
    this.server.on('error', (err) => options.log?.warn({ err }, 'mailbox pop3: server error'));
  }

  async listen(port: number, host: string): Promise<{ host: string; port: number }> {
    return listenOn(this.server, port, host);
  }

  /** Stops listening and ends every session (no UPDATE state: unQUIT sessions delete nothing). */
  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const session of this.sessions) session.destroy();
    for (const socket of this.sockets) socket.destroy();
    await closed;
  }

  private accept(socket: net.Socket): void {
    socket.setNoDelay(true);
    this.sockets.add(socket);
    socket.once('close', () => this.sockets.delete(socket));
    if (this.sessions.size >= this.settings.maxClients) {
      socket.on('error', () => undefined);
      socket.end('-ERR [SYS/TEMP] too many connections, try again later\r\n');
      // A client that never closes its side must not hold the descriptor.
      setTimeout(() => socket.destroy(), 2_000).unref();
      return;
    }
    const { store, log, secureContext, password } = this.options;
    const session: Pop3Session = new Pop3Session(
      socket,
      {
        store,
        log,
        secureContext,
        checkPassword: (given) => samePassword(given, password),
        lock: (recipient) => {
          if (this.locks.has(recipient)) return false;
          this.locks.add(recipient);
          return true;
        },
        unlock: (recipient) => this.locks.delete(recipient),
        idleTimeoutMs: this.settings.idleTimeoutMs,
        maxLineBytes: this.settings.maxLineBytes,
        maxBadCommands: this.settings.maxBadCommands,
        authFailureDelayMs: this.settings.authFailureDelayMs,
      },
      () => this.sessions.delete(session),
    );
    this.sessions.add(session);
  }
}

/** Compares without an early exit, so timing does not reveal how much of a guess was right. */
function samePassword(a: string, b: string): boolean {
  const x = Buffer.from(a, 'latin1'); // the raw bytes the client sent
  const y = Buffer.from(b, 'utf8');
  let diff = x.length ^ y.length;
  for (let i = 0; i < Math.max(x.length, y.length); i++) diff |= (x[i] ?? 0) ^ (y[i] ?? 0);
  return diff === 0;
}
