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
  text: string;
}

class ReplyReader {
  private buffer = '';
  private readonly replies: Reply[] = [];
  private waiter?: { resolve: (r: Reply) => void; reject: (e: Error) => void };
  private failure?: Error;
  private lines: string[] = [];

  constructor(socket: net.Socket) {
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => this.feed(chunk));
    socket.on('error', (err) => this.fail(err));
    socket.on('close', () => this.fail(new Error('connection closed')));
  }

  next(): Promise<Reply> {
    const ready = this.replies.shift();
    if (ready) return Promise.resolve(ready);
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => (this.waiter = { resolve, reject }));
  }

  private feed(chunk: string): void {
    this.buffer += chunk;
    let nl: number;
    while ((nl = this.buffer.indexOf('\n')) >= 0) {
      const line = this.buffer.slice(0, nl).replace(/\r$/, '');
      this.buffer = this.buffer.slice(nl + 1);
      this.lines.push(line);
      // A multi-line reply continues while the fourth character is '-'.
      if (line[3] === '-') continue;
      const reply = { code: Number(line.slice(0, 3)), text: this.lines.join('\n') };
      this.lines = [];
      const waiter = this.waiter;
      this.waiter = undefined;
      if (waiter) waiter.resolve(reply);
      else this.replies.push(reply);
    }
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
  if (reply.code !== code) throw new Error(`${what}: expected ${code}, got ${reply.text.slice(0, 200)}`);
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
  // Every message of the set ends in CRLF, so the final dot follows directly.
  const dot = Buffer.from('.\r\n');

  const worker = async (): Promise<void> => {
    const socket = net.connect(opts.port, opts.host);
    socket.setNoDelay(true);
    const reader = new ReplyReader(socket);
    try {
      await expect(reader, 220, 'greeting');
      socket.write('EHLO bench.client\r\n');
      await expect(reader, 250, 'EHLO');
      while (next < opts.messages.length) {
        const message = opts.messages[next++];
        socket.write(envelope);
        await expect(reader, 250, 'MAIL FROM');
        await expect(reader, 250, 'RCPT TO');
        await expect(reader, 354, 'DATA');
        // The set has no line starting with '.', so no dot-stuffing is needed (see mail.set.ts).
        socket.write(Buffer.concat([message, dot]));
        const reply = await reader.next();
        if (reply.code === 250) sent++;
        else {
          failed++;
          firstFailure ??= reply.text;
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
