import net from 'node:net';
import { MAILBOX_ENDPOINT, type MailboxEndpoint } from '../../src/modules/mailbox/mailbox.port';
import type { TestApp } from '../support/app';

export const PASSWORD = 'mailgate';

export function imapAddress(app: TestApp): { host: string; port: number } {
  return app.app.get<MailboxEndpoint>(MAILBOX_ENDPOINT).imapAddress();
}

/** A raw TCP IMAP session: write exact bytes, wait for what the server says. */
export class RawImap {
  private data = Buffer.alloc(0);
  closed = false;
  private readonly waiters = new Set<() => void>();

  private constructor(readonly socket: net.Socket) {
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

  static async open(app: TestApp): Promise<RawImap> {
    const socket = net.connect(imapAddress(app));
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    const session = new RawImap(socket);
    await session.until(/^\* OK .*\r\n/);
    return session;
  }

  get text(): string {
    return this.data.toString('latin1');
  }

  write(data: string | Buffer): void {
    this.socket.write(data);
  }

  /** Sends `tag command` and waits for its tagged completion; returns everything said since. */
  async command(tag: string, command: string): Promise<string> {
    const from = this.data.length;
    this.write(`${tag} ${command}\r\n`);
    await this.until(new RegExp(`(^|\\r\\n)${tag} (OK|NO|BAD)[^\\r\\n]*\\r\\n`), from);
    return this.data.subarray(from).toString('latin1');
  }

  /** Resolves once the text since `from` matches, or the socket closed. */
  until(pattern: RegExp, from = 0): Promise<string> {
    return new Promise((resolve) => {
      const check = () => {
        const text = this.data.subarray(from).toString('latin1');
        if (pattern.test(text) || this.closed) {
          this.waiters.delete(check);
          resolve(text);
        }
      };
      this.waiters.add(check);
      check();
    });
  }

  get length(): number {
    return this.data.length;
  }

  destroy(): void {
    this.socket.destroy();
  }
}
