import type net from 'node:net';
import { TLSSocket } from 'node:tls';
import { SmtpDataDecoder } from './smtp-data.decoder';
import type { SmtpMessageSink, SmtpReply, SmtpSettings } from './smtp.handler';

const LF = 0x0a;
/** Input held while a message commits (pipelined commands): past this the socket stops reading. */
const MAX_HELD_INPUT = 256 * 1024;
/** MAIL and RCPT parameters this server understands (RFC 1870, 6152, 6531, 4954). */
const MAIL_PARAMS = new Set(['SIZE', 'BODY', 'SMTPUTF8', 'AUTH']);

type Mode = 'command' | 'data' | 'bdat' | 'auth' | 'closed';

/**
 * One SMTP connection. Input is processed in arrival order straight from the socket's Buffers:
 * command lines are cut at LF (a CR before it is dropped), the DATA phase goes through
 * SmtpDataDecoder and BDAT chunks are counted out. Every reply produced while one read is
 * processed leaves in one write, so a pipelined `MAIL/RCPT/DATA` is answered by one packet
 * (RFC 2920). Processing stops while a message commits, and the commands pipelined behind it wait
 * (bounded) for its answer: replies are always in command order.
 *
 * Limits: a command line longer than maxLineBytes is answered 500 and skipped, never buffered; a
 * body past maxMessageBytes is read to its end but not kept, then answered 552; maxBadCommands
 * errors end the session with 421; an idle client is told 421 after idleTimeoutMs.
 *
 * STARTTLS is accepted when a certificate is configured but not advertised in EHLO: the dev
 * certificate is self-signed, and clients that upgrade whenever STARTTLS is offered (nodemailer's
 * default) would then fail to deliver at all. A client that asks for it explicitly gets it.
 */
export class SmtpSession {
  private socket: net.Socket;
  private mode: Mode = 'command';
  /** A message is committing (or TLS is starting): input waits in `held`. */
  private busy = false;
  private held: Buffer[] = [];
  private heldBytes = 0;
  private inputEnded = false;
  private shuttingDown = false;
  private out = '';
  /** A command line split across reads. */
  private partial: Buffer[] = [];
  private partialBytes = 0;
  /** Skipping the rest of a line that was too long. */
  private skippingLine = false;
  private badCommands = 0;

  private helo?: string;
  private secure = false;
  private authenticated = false;
  private authStep?: (line: string) => void;
  private mailFrom?: string;
  private rcptTo: string[] = [];
  /** The body sink of the message being received (DATA or BDAT). */
  private sink?: SmtpMessageSink;
  private sinkWrites?: Promise<void>;
  private size = 0;
  private oversize = false;
  /** The sink failed to take a piece: the message is read to its end and answered 451. */
  private sinkFailed = false;
  private readonly decoder = new SmtpDataDecoder();
  private bdatLeft = 0;
  private bdatLast = false;
  private readonly closeListeners: (() => void)[] = [];

  constructor(
    socket: net.Socket,
    private readonly settings: SmtpSettings,
    private readonly id: string,
  ) {
    this.socket = socket;
  }

  start(): void {
    this.attach(this.socket);
    this.socket.once('close', () => this.closed());
    this.reply(220, `${this.settings.name} ESMTP mailgate dev mailbox`);
    this.flush();
  }

  onClose(listener: () => void): void {
    this.closeListeners.push(listener);
  }

  /** The server is closing: finish the message being committed, then say 421 and hang up. */
  shutdown(): void {
    this.shuttingDown = true;
    if (!this.busy) this.hangUp(421, '4.3.2 Server shutting down');
  }

  private attach(socket: net.Socket): void {
    socket.setTimeout(this.settings.idleTimeoutMs);
    socket.on('data', (chunk: Buffer) => this.received(chunk));
    socket.on('end', () => {
      this.inputEnded = true;
      if (!this.busy) this.finishInput();
    });
    socket.on('timeout', () => {
      // A commit in progress is our wait, not the client's.
      if (!this.busy) this.hangUp(421, '4.4.2 Idle too long, closing connection');
    });
  }

  private closed(): void {
    this.mode = 'closed';
    this.abortMessage();
    for (const listener of this.closeListeners) listener();
  }

  // ---------------------------------------------------------------- input

  private received(chunk: Buffer): void {
    if (this.mode === 'closed') return;
    if (this.busy) {
      this.held.push(chunk);
      this.heldBytes += chunk.length;
      if (this.heldBytes > MAX_HELD_INPUT) this.socket.pause();
      return;
    }
    this.process(chunk);
    this.flush();
  }

  /** Input that arrived while busy, now that the session is free again. */
  private resume(): void {
    while (!this.busy && this.held.length > 0 && this.mode !== 'closed') {
      const chunk = this.held.shift() as Buffer;
      this.heldBytes -= chunk.length;
      this.process(chunk);
    }
    this.flush();
    if (this.busy || this.mode === 'closed') return;
    if (this.socket.isPaused()) this.socket.resume();
    if (this.inputEnded) this.finishInput();
  }

  /**
   * Processes one chunk; whatever is left when the session becomes busy is held for later. A bug
   * here must cost one connection, never the process (this runs in a socket's 'data' handler).
   */
  private process(chunk: Buffer): void {
    try {
      this.consume(chunk);
    } catch (err) {
      this.settings.log?.error({ err, session: this.id }, 'mailbox smtp: session failed');
      this.busy = false;
      this.hangUp(421, '4.3.0 Internal error, closing connection');
    }
  }

  private consume(chunk: Buffer): void {
    let pos = 0;
    while (pos < chunk.length && !this.busy && this.mode !== 'closed') {
      switch (this.mode) {
        case 'command':
        case 'auth':
          pos = this.commandInput(chunk, pos);
          break;
        case 'data':
          pos = this.dataInput(chunk, pos);
          break;
        case 'bdat':
          pos = this.bdatInput(chunk, pos);
          break;
      }
    }
    if (pos < chunk.length && this.busy && this.mode !== 'closed') {
      this.held.unshift(chunk.subarray(pos));
      this.heldBytes += chunk.length - pos;
    }
  }

  /** The client sent its last byte: what it left unfinished is dropped, then the session ends. */
  private finishInput(): void {
    if (this.mode === 'closed') return;
    this.abortMessage();
    this.flush();
    this.mode = 'closed';
    this.socket.end();
  }

  private commandInput(chunk: Buffer, pos: number): number {
    const lf = chunk.indexOf(LF, pos);
    if (lf === -1) {
      const rest = chunk.length - pos;
      if (this.skippingLine) return chunk.length;
      if (this.partialBytes + rest > this.settings.maxLineBytes) {
        this.lineTooLong();
        return chunk.length;
      }
      this.partial.push(chunk.subarray(pos));
      this.partialBytes += rest;
      return chunk.length;
    }
    const next = lf + 1;
    if (this.skippingLine) {
      this.skippingLine = false;
      return next;
    }
    let line: Buffer = chunk.subarray(pos, lf);
    if (this.partial.length > 0) {
      line = Buffer.concat([...this.partial, line]);
      this.partial = [];
      this.partialBytes = 0;
    }
    if (line.length + 1 > this.settings.maxLineBytes) {
      this.reply(500, '5.5.2 Line too long');
      this.bad();
      return next;
    }
    const end = line.length > 0 && line[line.length - 1] === 0x0d ? line.length - 1 : line.length;
    const text = line.toString('utf8', 0, end);
    if (this.mode === 'auth') {
      const step = this.authStep as (line: string) => void;
      this.authStep = undefined;
      this.mode = 'command';
      step(text);
    } else this.command(text);
    return next;
  }

  private lineTooLong(): void {
    this.partial = [];
    this.partialBytes = 0;
    this.skippingLine = true;
    this.reply(500, '5.5.2 Line too long');
    this.bad();
  }

  private dataInput(chunk: Buffer, pos: number): number {
    const piece = pos === 0 ? chunk : chunk.subarray(pos);
    const end = this.decoder.feed(piece, (bytes) => this.bodyBytes(bytes));
    if (end === -1) {
      this.waitForSink();
      return chunk.length;
    }
    this.messageEnd();
    return pos + end;
  }

  private bdatInput(chunk: Buffer, pos: number): number {
    const take = Math.min(this.bdatLeft, chunk.length - pos);
    if (take > 0) this.bodyBytes(chunk.subarray(pos, pos + take));
    this.bdatLeft -= take;
    if (this.bdatLeft > 0) {
      this.waitForSink();
      return chunk.length;
    }
    this.mode = 'command';
    // A chunk refused up front (no RCPT) is only read and dropped: it was answered already.
    if (!this.sink) return pos + take;
    if (this.bdatLast) this.messageEnd();
    else {
      this.reply(250, `2.0.0 ${this.size} octets received`);
      this.waitForSink();
    }
    return pos + take;
  }

  private bodyBytes(bytes: Buffer): void {
    this.size += bytes.length;
    if (this.oversize || !this.sink) return;
    if (this.size > this.settings.maxMessageBytes) {
      // Read to the end, keep nothing more: the client is owed an answer after its last byte.
      this.oversize = true;
      return;
    }
    const sink = this.sink;
    if (this.sinkWrites) {
      this.sinkWrites = this.sinkWrites.then(() => sink.write(bytes));
      return;
    }
    const pending = sink.write(bytes);
    if (pending) this.sinkWrites = pending;
  }

  /** A sink that writes asynchronously (a spool file) holds the input until it has caught up. */
  private waitForSink(): void {
    const writes = this.sinkWrites;
    if (!writes) return;
    this.sinkWrites = undefined;
    this.busy = true;
    writes.then(
      () => {
        this.busy = false;
        this.resume();
      },
      (err: unknown) => {
        // The body cannot be kept: read on to the end, then answer 451 (see messageEnd).
        this.settings.log?.error({ err, session: this.id }, 'mailbox smtp: could not spool a message');
        this.oversize = true;
        this.sinkFailed = true;
        this.busy = false;
        this.resume();
      },
    );
  }

  // ---------------------------------------------------------------- replies

  private reply(code: number, text: string): void {
    this.out += `${code} ${text}\r\n`;
  }

  private flush(): void {
    if (this.out === '' || this.mode === 'closed') return;
    this.socket.write(this.out);
    this.out = '';
  }

  private hangUp(code: number, text: string): void {
    if (this.mode === 'closed') return;
    this.reply(code, text);
    this.flush();
    this.mode = 'closed';
    this.abortMessage();
    this.socket.end();
    // A client that never closes its side must not hold the descriptor.
    setTimeout(() => this.socket.destroy(), 2_000).unref();
  }

  private bad(): void {
    if (++this.badCommands >= this.settings.maxBadCommands)
      this.hangUp(421, '4.7.0 Too many errors, closing connection');
  }

  // ---------------------------------------------------------------- commands

  private command(line: string): void {
    const space = line.indexOf(' ');
    const verb = (space === -1 ? line : line.slice(0, space)).toUpperCase();
    const args = space === -1 ? '' : line.slice(space + 1).trim();
    switch (verb) {
      case 'EHLO':
      case 'HELO':
        return this.hello(verb, args);
      case 'MAIL':
        return this.mail(args);
      case 'RCPT':
        return this.rcpt(args);
      case 'DATA':
        return this.data(args);
      case 'BDAT':
        return this.bdat(args);
      case 'RSET':
        this.resetTransaction();
        return this.reply(250, '2.0.0 Flushed');
      case 'NOOP':
        return this.reply(250, '2.0.0 OK');
      case 'VRFY':
        return this.reply(252, '2.5.0 Cannot VRFY user, but will accept message and attempt delivery');
      case 'QUIT':
        return this.hangUp(221, '2.0.0 Bye');
      case 'AUTH':
        return this.auth(args);
      case 'STARTTLS':
        return this.startTls(args);
      case 'HELP':
        return this.reply(214, '2.0.0 See RFC 5321');
      default:
        this.reply(500, '5.5.2 Command not recognized');
        return this.bad();
    }
  }

  private hello(verb: string, args: string): void {
    const name = args.split(' ')[0];
    // It is echoed in the reply and kept with each message (the SPF check): no control characters.
    if (!name || name.length > 255 || hasControl(name)) {
      this.reply(501, `5.5.4 Syntax: ${verb} hostname`);
      return this.bad();
    }
    this.resetTransaction();
    this.helo = name;
    if (verb === 'HELO') return this.reply(250, `${this.settings.name} Hello ${name}`);
    const lines = [
      `${this.settings.name} Hello ${name}`,
      'PIPELINING',
      '8BITMIME',
      'SMTPUTF8',
      'ENHANCEDSTATUSCODES',
      'CHUNKING',
      `SIZE ${this.settings.maxMessageBytes}`,
    ];
    if (!this.authenticated) lines.push('AUTH LOGIN PLAIN');
    this.out += lines.map((l, i) => `250${i === lines.length - 1 ? ' ' : '-'}${l}\r\n`).join('');
  }

  private mail(args: string): void {
    if (!this.helo) return this.refuse(503, '5.5.1 Send HELO/EHLO first');
    if (this.mailFrom !== undefined) return this.refuse(503, '5.5.1 Nested MAIL command');
    const parsed = parsePath(args, 'FROM');
    if (!parsed) return this.refuse(501, '5.5.4 Syntax: MAIL FROM:<address>');
    const params = parseParams(parsed.params);
    if (!params) return this.refuse(555, '5.5.4 Unsupported MAIL parameter');
    const size = params.get('SIZE');
    if (size !== undefined) {
      if (!/^\d{1,20}$/.test(size)) return this.refuse(501, '5.5.4 Bad SIZE parameter');
      if (Number(size) > this.settings.maxMessageBytes)
        return this.refuse(
          552,
          `5.3.4 Message size exceeds fixed maximum message size of ${this.settings.maxMessageBytes} bytes`,
        );
    }
    const body = params.get('BODY')?.toUpperCase();
    if (body !== undefined && body !== '7BIT' && body !== '8BITMIME')
      return this.refuse(555, '5.5.4 Unsupported BODY type');
    this.mailFrom = parsed.address;
    this.reply(250, '2.1.0 Accepted');
  }

  private rcpt(args: string): void {
    if (this.mailFrom === undefined) return this.refuse(503, '5.5.1 Send MAIL first');
    const parsed = parsePath(args, 'TO');
    if (!parsed || parsed.address === '') return this.refuse(501, '5.5.4 Syntax: RCPT TO:<address>');
    if (parsed.params !== '') return this.refuse(555, '5.5.4 Unsupported RCPT parameter');
    if (this.rcptTo.length >= this.settings.maxRecipients)
      return this.reply(452, '4.5.3 Too many recipients');
    this.rcptTo.push(parsed.address);
    this.reply(250, '2.1.5 Accepted');
  }

  private data(args: string): void {
    if (args !== '') return this.refuse(501, '5.5.4 Syntax: DATA');
    if (this.sink) return this.refuse(503, '5.5.1 BDAT in progress');
    if (this.rcptTo.length === 0) return this.refuse(503, '5.5.1 Send RCPT first');
    this.openMessage();
    this.mode = 'data';
    this.decoder.reset();
    this.reply(354, 'End data with <CR><LF>.<CR><LF>');
  }

  private bdat(args: string): void {
    const match = /^(\d{1,15})(?: +(LAST))?$/i.exec(args);
    if (!match) {
      // The chunk's bytes follow anyway and cannot be told from commands: end the session.
      return this.hangUp(421, '4.5.4 Bad BDAT syntax, closing connection');
    }
    this.bdatLeft = Number(match[1]);
    this.bdatLast = match[2] !== undefined;
    if (this.rcptTo.length === 0) {
      // Read the chunk and throw it away, then answer.
      this.mode = 'bdat';
      this.reply(503, '5.5.1 Send RCPT first');
      this.resetTransaction();
      return;
    }
    if (!this.sink) this.openMessage();
    this.mode = 'bdat';
    if (this.bdatLeft === 0 && !this.bdatLast) {
      this.mode = 'command';
      this.reply(250, `2.0.0 ${this.size} octets received`);
    } else if (this.bdatLeft === 0) {
      this.mode = 'command';
      this.messageEnd();
    }
  }

  private auth(args: string): void {
    if (this.authenticated) return this.refuse(503, '5.5.1 Already authenticated');
    if (this.mailFrom !== undefined) return this.refuse(503, '5.5.1 AUTH not allowed during a transaction');
    const [mechanism = '', initial] = args.split(/ +/);
    // Any credentials are fine: this mailbox catches mail, it does not relay it anywhere.
    const accept = () => {
      this.authenticated = true;
      this.reply(235, '2.7.0 Authentication successful');
    };
    const ask = (challenge: string, then: (line: string) => void) => {
      this.reply(334, challenge);
      this.mode = 'auth';
      this.authStep = (line) => {
        if (line === '*') return this.refuse(501, '5.7.0 Authentication aborted');
        if (!isBase64(line)) return this.refuse(501, '5.5.2 Cannot decode response');
        then(line);
      };
    };
    switch (mechanism.toUpperCase()) {
      case 'PLAIN': {
        const plain = (response: string) => {
          const parts = Buffer.from(response, 'base64').toString('utf8').split('\0');
          if (parts.length !== 3) return this.refuse(501, '5.5.2 Bad PLAIN response');
          accept();
        };
        if (initial === undefined) return ask('', plain);
        if (initial !== '=' && !isBase64(initial)) return this.refuse(501, '5.5.2 Cannot decode response');
        return plain(initial === '=' ? '' : initial);
      }
      case 'LOGIN': {
        const password = () => ask('UGFzc3dvcmQ6', accept);
        if (initial === undefined) return ask('VXNlcm5hbWU6', password);
        if (!isBase64(initial)) return this.refuse(501, '5.5.2 Cannot decode response');
        return password();
      }
      default:
        return this.refuse(504, '5.5.4 Unrecognized authentication type');
    }
  }

  private startTls(args: string): void {
    if (args !== '') return this.refuse(501, '5.5.4 Syntax: STARTTLS');
    if (this.secure) return this.refuse(503, '5.5.1 TLS already active');
    const load = this.settings.secureContext;
    if (!load) return this.refuse(454, '4.7.0 TLS not available');
    this.busy = true;
    this.flush();
    load().then(
      (secureContext) => {
        if (this.mode === 'closed') return;
        if (!secureContext) {
          this.refuse(454, '4.7.0 TLS not available');
          this.busy = false;
          return this.resume();
        }
        this.reply(220, '2.0.0 Ready to start TLS');
        this.flush();
        // Anything pipelined after STARTTLS came in clear text and could have been injected by a
        // man in the middle (RFC 3207 §4.2, CVE-2011-0411): drop it, and forget the session.
        this.held = [];
        this.heldBytes = 0;
        this.partial = [];
        this.partialBytes = 0;
        const plain = this.socket;
        plain.removeAllListeners('data');
        plain.removeAllListeners('end');
        plain.removeAllListeners('timeout');
        plain.setTimeout(0);
        const secure = new TLSSocket(plain, { isServer: true, secureContext });
        secure.on('error', (err) => this.settings.log?.debug({ err }, 'mailbox smtp: TLS error'));
        this.socket = secure;
        this.secure = true;
        this.helo = undefined;
        this.authenticated = false;
        this.resetTransaction();
        this.attach(secure);
        this.busy = false;
        if (plain.isPaused()) plain.resume();
      },
      (err: unknown) => {
        this.settings.log?.warn({ err }, 'mailbox smtp: no TLS certificate');
        this.refuse(454, '4.7.0 TLS not available');
        this.busy = false;
        this.resume();
      },
    );
  }

  private refuse(code: number, text: string): void {
    this.reply(code, text);
    this.bad();
  }

  // ---------------------------------------------------------------- messages

  private openMessage(): void {
    this.size = 0;
    this.oversize = false;
    this.sinkFailed = false;
    this.sink = this.settings.handler.openMessage({
      mailFrom: this.mailFrom as string,
      rcptTo: this.rcptTo,
      helo: this.helo as string,
      remoteAddress: plainAddress(this.socket.remoteAddress),
      session: this.id,
    });
  }

  /** The final dot or the last BDAT chunk: commit (or refuse) and answer, holding later input. */
  private messageEnd(): void {
    this.mode = 'command';
    const sink = this.sink;
    const writes = this.sinkWrites;
    this.sink = undefined;
    this.sinkWrites = undefined;
    if (!sink || this.oversize) {
      sink?.abort();
      if (this.sinkFailed) this.reply(451, '4.3.0 Requested action aborted: local error in processing');
      else if (sink)
        this.reply(
          552,
          `5.3.4 Message exceeds fixed maximum message size of ${this.settings.maxMessageBytes} bytes`,
        );
      this.resetTransaction();
      return;
    }
    this.busy = true;
    this.flush();
    (writes ?? Promise.resolve())
      .then(() => sink.end())
      .then(
        (answer) => this.answered(answer),
        (err: unknown) => {
          this.settings.log?.error({ err, session: this.id }, 'mailbox smtp: could not store a message');
          this.answered({ code: 451, text: '4.3.0 Requested action aborted: local error in processing' });
        },
      );
  }

  private answered(answer: SmtpReply | 'drop'): void {
    this.resetTransaction();
    if (this.mode === 'closed') return;
    if (answer === 'drop') {
      // A chaos rule: gone without a word, the way a crashing server goes.
      this.mode = 'closed';
      this.socket.destroy();
      return;
    }
    this.reply(answer.code, answer.text);
    this.busy = false;
    if (this.shuttingDown) return this.hangUp(421, '4.3.2 Server shutting down');
    this.resume();
  }

  private abortMessage(): void {
    const sink = this.sink;
    this.sink = undefined;
    this.sinkWrites = undefined;
    sink?.abort();
  }

  private resetTransaction(): void {
    this.abortMessage();
    this.mailFrom = undefined;
    this.rcptTo = [];
    this.size = 0;
    this.oversize = false;
  }
}

/** `FROM:<a@b> PARAMS` (also `FROM: <a@b>` and a bare address) → the address and the rest. */
function parsePath(args: string, keyword: 'FROM' | 'TO'): { address: string; params: string } | undefined {
  if (args.slice(0, keyword.length + 1).toUpperCase() !== `${keyword}:`) return undefined;
  const rest = args.slice(keyword.length + 1).trimStart();
  let address: string;
  let params: string;
  if (rest.startsWith('<')) {
    const close = rest.indexOf('>');
    if (close === -1) return undefined;
    address = rest.slice(1, close);
    params = rest.slice(close + 1).trim();
  } else {
    const space = rest.indexOf(' ');
    address = space === -1 ? rest : rest.slice(0, space);
    params = space === -1 ? '' : rest.slice(space + 1).trim();
  }
  // A source route (`<@relay:a@b>`, RFC 5321 §4.1.2) is accepted and ignored.
  if (address.startsWith('@')) address = address.slice(address.indexOf(':') + 1);
  // No spaces, controls or brackets in what is kept and listed as an address.
  if (address.length > 320 || /[\s<>]/.test(address) || hasControl(address)) return undefined;
  if (address !== '' && !address.includes('@') && address.toLowerCase() !== 'postmaster') return undefined;
  return { address, params };
}

/** `KEY=VALUE KEY2` → a map; undefined when a keyword is not one this server knows. */
function parseParams(params: string): Map<string, string> | undefined {
  const out = new Map<string, string>();
  if (params === '') return out;
  for (const param of params.split(/ +/)) {
    const eq = param.indexOf('=');
    const key = (eq === -1 ? param : param.slice(0, eq)).toUpperCase();
    if (!MAIL_PARAMS.has(key)) return undefined;
    out.set(key, eq === -1 ? '' : param.slice(eq + 1));
  }
  return out;
}

function hasControl(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return true;
  }
  return false;
}

function isBase64(text: string): boolean {
  return text.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(text);
}

function plainAddress(address: string | undefined): string {
  if (!address) return '';
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}
