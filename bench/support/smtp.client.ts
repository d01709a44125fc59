import net from 'node:net';

/**
 * A raw SMTP client for the ingest benchmark: one client for every server measured, so the
 * servers, not the clients, are compared. Each connection says EHLO once, then per message sends
 * `MAIL FROM`, `RCPT TO` and `DATA` in one write (PIPELINING, RFC 2920), waits for 250/250/354,
 * sends the body and the final dot, and waits for the 250 before taking the next message. It does
 * almost no work per message, so it leaves the cores to the server.
 */
export interface SmtpLoadResult {
  sent: number;
  failed: number;
  /** First failure reply or error, for the report. */
  firstFailure?: string;
  elapsedMs: number;
  rate: number;
}

interface Reply {
  code: number;
  /** The reply's lines as text, made only when asked for (failures). */
  text(): string;
}

/**
 * Cuts replies out of the socket's Buffers without decoding them: per message the client only needs
 * four reply codes, so the text is kept only for a reply that is not the one expected (reports).
 */
const EMPTY = Buffer.alloc(0);

class ReplyReader {
  private pending = EMPTY;
  private readonly replies: Reply[] = [];
  private waiter?: { resolve: (r: Reply) => void; reject: (e: Error) => void };
  private failure?: Error;
  /** Lines of a multi-line reply read so far. */
  private lines: Buffer[] = [];

  constructor(socket: net.Socket) {
    socket.on('data', (chunk: Buffer) => this.feed(chunk));
    socket.on('error', (err) => this.fail(err));
    socket.on('close', () => this.fail(new Error('connection closed')));
  }

  next(): Promise<Reply> {
    const ready = this.replies.shift();
    if (ready) return Promise.resolve(ready);
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => (this.waiter = { resolve, reject }));
  }

  private feed(chunk: Buffer): void {
    const data = this.pending.length > 0 ? Buffer.concat([this.pending, chunk]) : chunk;
    let start = 0;
    for (let nl = data.indexOf(0x0a); nl >= 0; nl = data.indexOf(0x0a, start)) {
      const line = data.subarray(start, nl);
      start = nl + 1;
      // A multi-line reply continues while the fourth character is '-'.
      if (line[3] === 0x2d) {
        this.lines.push(line);
        continue;
      }
      const code = (line[0] - 0x30) * 100 + (line[1] - 0x30) * 10 + (line[2] - 0x30);
      const lines = this.lines;
      this.lines = [];
      const text = () => [...lines, line].map((l) => l.toString('latin1').replace(/\r$/, '')).join('\n');
      this.deliver({ code, text });
    }
    // Copied: a partial reply must not keep the whole chunk it came in alive.
    this.pending = start === data.length ? EMPTY : Buffer.from(data.subarray(start));
  }

  private deliver(reply: Reply): void {
    const waiter = this.waiter;
    this.waiter = undefined;
    if (waiter) waiter.resolve(reply);
    else this.replies.push(reply);
  }

  private fail(err: Error): void {
    if (this.failure) return;
    this.failure = err;
    const waiter = this.waiter;
    this.waiter = undefined;
    waiter?.reject(err);
  }
}

async function expect(reader: ReplyReader, code: number, what: string): Promise<void> {
  const reply = await reader.next();
  if (reply.code !== code) throw new Error(`${what}: expected ${code}, got ${reply.text().slice(0, 200)}`);
}

/** Sends every message once over `connections` connections; resolves when each has its answer. */
export async function smtpLoad(opts: {
  host: string;
  port: number;
  connections: number;
  messages: readonly Buffer[];
  from: string;
  to: string;
}): Promise<SmtpLoadResult> {
  let next = 0;
  let sent = 0;
  let failed = 0;
  let firstFailure: string | undefined;
  const envelope = Buffer.from(`MAIL FROM:<${opts.from}>\r\nRCPT TO:<${opts.to}>\r\nDATA\r\n`);
  // Every message of the set ends in CRLF, so the final dot follows directly; the bytes on the wire
  // are made once, before the clock starts, not per send.
  const dot = Buffer.from('.\r\n');
  const wire = opts.messages.map((m) => Buffer.concat([m, dot]));

  const worker = async (): Promise<void> => {
    const socket = net.connect(opts.port, opts.host);
    socket.setNoDelay(true);
    const reader = new ReplyReader(socket);
    try {
      await expect(reader, 220, 'greeting');
      socket.write('EHLO bench.client\r\n');
      await expect(reader, 250, 'EHLO');
      while (next < wire.length) {
        const message = wire[next++];
        socket.write(envelope);
        await expect(reader, 250, 'MAIL FROM');
        await expect(reader, 250, 'RCPT TO');
        await expect(reader, 354, 'DATA');
        // The set has no line starting with '.', so no dot-stuffing is needed (see mail.set.ts).
        socket.write(message);
        const reply = await reader.next();
        if (reply.code === 250) sent++;
        else {
          failed++;
          firstFailure ??= reply.text();
        }
      }
      socket.write('QUIT\r\n');
      await reader.next().catch(() => undefined);
    } catch (err) {
      failed++;
      firstFailure ??= (err as Error).message;
    } finally {
      socket.destroy();
    }
  };

  const started = performance.now();
  await Promise.all(Array.from({ length: opts.connections }, () => worker()));
  const elapsedMs = performance.now() - started;
  return { sent, failed, firstFailure, elapsedMs, rate: sent / (elapsedMs / 1000) };
}
