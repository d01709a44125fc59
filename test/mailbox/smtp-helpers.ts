import net from 'node:net';
import nodemailer from 'nodemailer';
import { MAILBOX_ENDPOINT, type MailboxEndpoint } from '../../src/modules/mailbox/mailbox.port';
import type { TestApp } from '../support/app';

export function smtpAddress(app: TestApp): { host: string; port: number } {
  // The endpoint the mail module's `mailbox` transport uses; the tests reach it the same way.
  return app.app.get<MailboxEndpoint>(MAILBOX_ENDPOINT).smtpAddress();
}

/** Sends exact bytes with an explicit envelope over a real SMTP session; returns the server's reply. */
export async function sendRaw(
  app: TestApp,
  envelope: { from: string; to: string[] },
  raw: string | Buffer,
): Promise<string> {
  const { host, port } = smtpAddress(app);
  const transport = nodemailer.createTransport({ host, port, secure: false });
  try {
    const info = await transport.sendMail({ envelope, raw });
    return info.response;
  } finally {
    transport.close();
  }
}

let counter = 0;

/** A small message with a unique subject. */
export function message(to: string, subject = `test ${++counter}`, text = 'hello'): string {
  return [
    'From: Sender <sender@example.test>',
    `To: ${to}`,
    `Subject: ${subject}`,
    'Date: Sat, 21 Nov 2026 10:00:00 +0000',
    `Message-ID: <m${counter}.${Date.now()}@example.test>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    text,
    '',
  ].join('\r\n');
}

/** A raw TCP connection to the SMTP port that collects what the server says. */
export async function connect(app: TestApp): Promise<RawSession> {
  const { host, port } = smtpAddress(app);
  const socket = net.connect({ host, port });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  const session = new RawSession(socket);
  // Talking before the greeting is treated as a spambot (421): wait for it like a real client.
  await session.until(/^220 [^\r\n]*\r\n/);
  return session;
}

export class RawSession {
  private data = '';
  private closed = false;
  private readonly waiters = new Set<() => void>();

  constructor(readonly socket: net.Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.data += chunk.toString('latin1');
      for (const w of this.waiters) w();
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      this.closed = true;
      for (const w of this.waiters) w();
    });
  }

  get received(): string {
    return this.data;
  }

  /** Resolves once the server has said something matching `pattern`, or the socket closed. */
  until(pattern: RegExp): Promise<string> {
    return new Promise((resolve) => {
      const check = () => {
        if (pattern.test(this.data) || this.closed) {
          this.waiters.delete(check);
          resolve(this.data);
        }
      };
      this.waiters.add(check);
      check();
    });
  }

  destroy(): void {
    this.socket.destroy();
  }
}
