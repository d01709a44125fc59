import { once } from 'node:events';
import type { Socket } from 'node:net';
import { type SecureContext, TLSSocket } from 'node:tls';
import type { Logger } from 'pino';
import type { MailboxStore } from '../mailbox.store';
import { type ImapCommand, type ImapContext, type ImapState, capabilities } from './imap.command';
import { type Out, toBuffer } from './imap.format';
import { CommandFramer } from './imap.framer';
import { type CommandChunks, ImapSyntaxError, TaggedSyntaxError, asAtom, parseCommand } from './imap.parser';
import type { MailboxView } from './mailbox-view';
import type { MimeCache } from './mime-cache';
import type { RecentLedger } from './recent-ledger';

export interface ConnectionOptions {
  store: MailboxStore;
  mime: MimeCache;
  recent: RecentLedger;
  password: string;
  commands: ReadonlyMap<string, ImapCommand>;
  log: Logger;
  /** Idle time before the server says BYE (RFC 3501 §5.4: at least 30 minutes in production). */
  idleTimeoutMs: number;
  tls?: SecureContext;
  maxLine: number;
  maxLiteral: number;
}

/** Commands waiting behind a slow one before we stop reading from the socket. */
const MAX_QUEUED = 32;
const MAX_FAILED_LOGINS = 5;

/**
 * One IMAP connection: frames the byte stream into commands, runs them one at a time through the
 * state machine (not authenticated → authenticated → selected), and writes with backpressure.
 * Every failure ends in a BAD/NO or a closed socket, never an exception out of here.
 */
export class ImapConnection {
  private socket: Socket;
  private framer: CommandFramer;
  private readonly queue: CommandChunks[] = [];
  private busy = false;
  private closed = false;
  /** The socket whose writes are being held back until the next turn of the event loop. */
  private corked?: Socket;
  private state: ImapState = 'not-authenticated';
  private user?: string;
  private mailbox?: MailboxView;
  private secure = false;
  private failedLogins = 0;
  private lineWaiter?: { resolve: (c: CommandChunks) => void; reject: (e: Error) => void };
  private readonly onData = (data: Buffer) => this.framer.push(data);

  constructor(
    socket: Socket,
    private readonly options: ConnectionOptions,
  ) {
    this.socket = socket;
    this.framer = this.newFramer();
    this.attach(socket);
  }

  get isClosed(): boolean {
    return this.closed;
  }

  start(): void {
    const caps = capabilities({ state: this.state, secure: this.secure, tlsAvailable: !!this.options.tls });
    this.write(`* OK [CAPABILITY ${caps}] mailgate dev mailbox IMAP4rev1 ready\r\n`);
  }

  /** Server shutdown: say goodbye and close. */
  shutdown(): void {
    if (this.closed) return;
    this.write('* BYE mailgate is shutting down\r\n');
    this.end();
  }

  private newFramer(): CommandFramer {
    return new CommandFramer(
      { maxLine: this.options.maxLine, maxLiteral: this.options.maxLiteral },
      {
        command: (chunks) => this.received(chunks),
        continueLiteral: () => this.write('+ Ready for literal data\r\n'),
        reject: (tag, reason, fatal) => {
          this.write(`${tag} BAD ${reason}\r\n`);
          if (fatal) this.end();
        },
      },
    );
  }

  private attach(socket: Socket): void {
    socket.setTimeout(this.options.idleTimeoutMs);
    socket.on('data', this.onData);
    socket.on('timeout', () => {
      this.write('* BYE Autologout; idle for too long\r\n');
      this.end();
    });
    // A reset or broken pipe is the client's business; log it quietly and clean up on close.
    socket.on('error', (err) => this.options.log.debug({ err }, 'imap: connection error'));
    socket.on('close', () => this.cleanup());
  }

  private received(chunks: CommandChunks): void {
    if (this.lineWaiter) {
      const waiter = this.lineWaiter;
      this.lineWaiter = undefined;
      waiter.resolve(chunks);
      return;
    }
    this.queue.push(chunks);
    // A client pipelining faster than we answer is slowed down by TCP, not by our memory.
    if (this.queue.length >= MAX_QUEUED) this.socket.pause();
    void this.pump();
  }

  private async pump(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      while (this.queue.length > 0 && !this.closed) {
        const chunks = this.queue.shift() as CommandChunks;
        if (this.queue.length < MAX_QUEUED / 2) this.socket.resume();
        await this.execute(chunks);
      }
    } finally {
      this.busy = false;
    }
  }

  private async execute(chunks: CommandChunks): Promise<void> {
    // The tag, when there is one, so that even a garbled command gets a tagged BAD.
    const first = typeof chunks[0] === 'string' ? chunks[0] : '';
    let tag = /^([^\s(){%*"\\+]+) /.exec(first)?.[1] ?? '*';
    try {
      const parsed = parseCommand(chunks);
      tag = parsed.tag;
      let name = parsed.name;
      let args = parsed.args;
      let byUid = false;
      if (name === 'UID') {
        byUid = true;
        name = asAtom(args[0])?.toUpperCase() ?? '';
        args = args.slice(1);
      }
      const command = this.options.commands.get(name);
      if (!command || (byUid && !command.uid))
        return await this.tagged(tag, 'BAD', `unknown command ${name.slice(0, 20)}`);
      if (!command.states.includes(this.state))
        return await this.tagged(tag, 'BAD', `${name} is not allowed ${this.stateText()}`);
      await command.run(this.context(tag, byUid), args);
    } catch (err) {
      if (this.closed) return;
      if (err instanceof TaggedSyntaxError) return await this.tagged(err.tag, 'BAD', err.message);
      if (err instanceof ImapSyntaxError) return await this.tagged(tag, 'BAD', err.message);
      this.options.log.error({ err, tag }, 'imap: command failed');
      await this.tagged(tag, 'NO', '[SERVERBUG] internal error').catch(() => undefined);
    }
  }

  private stateText(): string {
    return this.state === 'not-authenticated'
      ? 'before login'
      : this.state === 'authenticated'
        ? 'without a selected mailbox'
        : 'now';
  }

  private tagged(tag: string, status: 'OK' | 'NO' | 'BAD', text: string): Promise<void> {
    return this.send([`${tag} ${status} ${text}`]);
  }

  /**
   * Responses are corked and flushed together once the current run of work yields to the event
   * loop (or the socket's buffer fills), so a FETCH over 10 000 messages makes a few dozen
   * writes, not 10 000.
   */
  private async send(pieces: readonly Out[]): Promise<void> {
    if (this.closed) return;
    if (!this.corked) {
      this.corked = this.socket;
      this.socket.cork();
      setImmediate(() => this.uncork());
    }
    if (!this.write(toBuffer([...pieces, '\r\n'])) && !this.closed) {
      this.uncork();
      await Promise.race([once(this.socket, 'drain'), once(this.socket, 'close')]);
    }
  }

  private uncork(): void {
    const socket = this.corked;
    this.corked = undefined;
    socket?.uncork();
  }

  private write(data: string | Buffer): boolean {
    if (this.closed || this.socket.destroyed) return true;
    return this.socket.write(data);
  }

  private end(): void {
    if (this.closed) return;
    this.closed = true;
    this.socket.end();
    // A client that never reads its last bytes must not keep the socket forever.
    setTimeout(() => this.socket.destroy(), 2_000).unref();
    this.cleanup();
  }

  private cleanup(): void {
    this.closed = true;
    this.queue.length = 0;
    const waiter = this.lineWaiter;
    this.lineWaiter = undefined;
    waiter?.reject(new Error('connection closed'));
  }

  private context(tag: string, byUid: boolean): ImapContext {
    const live = {
      state: { get: () => this.state },
      user: { get: () => this.user },
      mailbox: { get: () => this.mailbox },
      secure: { get: () => this.secure },
    };
    const ctx: Omit<ImapContext, 'state' | 'user' | 'mailbox' | 'secure'> = {
      tag,
      byUid,
      store: this.options.store,
      mime: this.options.mime,
      recent: this.options.recent,
      password: this.options.password,
      tlsAvailable: !!this.options.tls,
      send: (...pieces) => this.send(pieces),
      ok: (text) => this.tagged(tag, 'OK', text),
      no: (text) => this.tagged(tag, 'NO', text),
      bad: (text) => this.tagged(tag, 'BAD', text),
      login: (user) => {
        this.user = user;
        this.state = 'authenticated';
      },
      select: (mailbox) => {
        this.mailbox = mailbox;
        this.state = mailbox ? 'selected' : 'authenticated';
      },
      reportChanges: async (options = { expunges: true }) => {
        if (!this.mailbox) return;
        if (!options.expunges) return;
        const changes = this.mailbox.refresh();
        for (const seq of changes.expunged) await this.send([`* ${seq} EXPUNGE`]);
        if (changes.exists !== undefined) await this.send([`* ${changes.exists} EXISTS`]);
        if (changes.recent !== undefined) await this.send([`* ${changes.recent} RECENT`]);
      },
      nextLine: () =>
        new Promise<CommandChunks>((resolve, reject) => {
          if (this.closed) return reject(new Error('connection closed'));
          // A line already queued (pipelined) is the answer.
          const queued = this.queue.shift();
          if (queued) return resolve(queued);
          this.lineWaiter = { resolve, reject };
        }),
      startTls: () => this.startTls(),
      logout: () => this.end(),
      failedLogin: () => {
        if (++this.failedLogins >= MAX_FAILED_LOGINS) {
          this.write('* BYE too many failed logins\r\n');
          this.end();
        }
      },
    };
    return Object.defineProperties(ctx, live) as unknown as ImapContext;
  }

  /**
   * RFC 3501 §6.2.1: after our OK the next bytes are the TLS handshake. Anything the client sent
   * in plain text after STARTTLS is thrown away (a man in the middle could have injected it), and
   * the framer starts fresh on the encrypted stream.
   */
  private async startTls(): Promise<void> {
    const tls = this.options.tls;
    if (!tls) throw new Error('no TLS context');
    // Our OK to STARTTLS must leave in clear text before the handshake.
    this.uncork();
    const plain = this.socket;
    plain.off('data', this.onData);
    plain.removeAllListeners('timeout');
    plain.setTimeout(0);
    this.queue.length = 0;
    this.framer = this.newFramer();
    const secure = new TLSSocket(plain, { isServer: true, secureContext: tls });
    this.socket = secure;
    this.secure = true;
    plain.removeAllListeners('close');
    plain.on('close', () => secure.destroy());
    this.attach(secure);
    await Promise.race([once(secure, 'secure'), once(secure, 'close')]);
  }
}
