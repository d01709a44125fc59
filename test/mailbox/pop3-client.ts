import net from 'node:net';
import tls from 'node:tls';
import { MAILBOX_ENDPOINT, type MailboxEndpoint } from '../../src/modules/mailbox/mailbox.port';
import type { TestApp } from '../support/app';

export function pop3Address(app: TestApp): { host: string; port: number } {
  return app.app.get<MailboxEndpoint>(MAILBOX_ENDPOINT).pop3Address();
}

/**
 * A raw POP3 connection for tests that need to see the exact bytes (the real clients — poplib,
 * curl, fetchmail — are driven as separate processes). Collects everything the server says.
 */
export class Pop3Wire {
  private data = Buffer.alloc(0);
  private consumed = 0;
  private closed = false;
  private readonly waiters = new Set<() => void>();
  /** The server's first line. */
  greeting = '';

  private constructor(public socket: net.Socket) {
    this.listen(socket);
  }

  static async connect(address: { host: string; port: number }): Promise<Pop3Wire> {
    const socket = net.connect(address);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    const wire = new Pop3Wire(socket);
    wire.greeting = await wire.line();
    return wire;
  }

  private listen(socket: net.Socket): void {
    socket.on('data', (chunk: Buffer) => {
      this.data = Buffer.concat([this.data, chunk]);
      for (const w of this.waiters) w();
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      this.closed = true;
      for (const w of this.waiters) w();
    });
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Everything not yet consumed by line()/multiline(). */
  get pending(): string {
    return this.data.subarray(this.consumed).toString('latin1');
  }

  private waitFor(find: () => number): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const end = find();
        if (end >= 0) {
          this.waiters.delete(check);
          const out = this.data.subarray(this.consumed, end);
          this.consumed = end;
          resolve(out);
        } else if (this.closed) {
          this.waiters.delete(check);
          reject(new Error(`connection closed; unread: ${JSON.stringify(this.pending)}`));
        }
      };
      this.waiters.add(check);
      check();
    });
  }

  /** The next single-line answer, without CRLF. */
  async line(): Promise<string> {
    const bytes = await this.waitFor(() => {
      const i = this.data.indexOf('\r\n', this.consumed);
      return i < 0 ? -1 : i + 2;
    });
    return bytes.subarray(0, bytes.length - 2).toString('latin1');
  }

  /** The body of a multi-line answer as sent (still dot-stuffed), including the final ".\r\n". */
  async multiline(): Promise<Buffer> {
    return this.waitFor(() => {
      if (this.data.subarray(this.consumed, this.consumed + 3).toString() === '.\r\n')
        return this.consumed + 3;
      const i = this.data.indexOf('\r\n.\r\n', this.consumed);
      return i < 0 ? -1 : i + 5;
    });
  }

  /** Waits for the server to close the connection. */
  closedByServer(): Promise<void> {
    return new Promise((resolve) => {
      const check = () => {
        if (!this.closed) return;
        this.waiters.delete(check);
        resolve();
      };
      this.waiters.add(check);
      check();
    });
  }

  write(text: string | Buffer): void {
    this.socket.write(text);
  }

  async command(line: string): Promise<string> {
    this.write(`${line}\r\n`);
    return this.line();
  }

  /** Wraps the socket in TLS after the server said +OK to STLS. */
  async upgrade(): Promise<tls.TLSSocket> {
    this.socket.removeAllListeners('data');
    this.socket.removeAllListeners('close');
    const secure = tls.connect({ socket: this.socket, rejectUnauthorized: false });
    await new Promise<void>((resolve, reject) => {
      secure.once('secureConnect', resolve);
      secure.once('error', reject);
    });
    this.socket = secure;
    this.listen(secure);
    return secure;
  }

  destroy(): void {
    this.socket.destroy();
  }
}

/** Undoes POP3 byte-stuffing and drops the terminator of a multi-line body. */
export function unstuff(body: Buffer): string {
  const text = body.toString('latin1');
  const withoutEnd = text.endsWith('\r\n.\r\n') ? text.slice(0, -3) : text.replace(/^\.\r\n$/, '');
  return withoutEnd
    .split('\r\n')
    .map((l) => (l.startsWith('.') ? l.slice(1) : l))
    .join('\r\n');
}
