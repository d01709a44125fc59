import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';

/** One DATA transaction as the test SMTP server saw it, accepted or not. */
export interface Received {
  mailFrom: string;
  rcptTo: string[];
  raw: string;
  /** The Message-ID header, angle brackets included. */
  messageId: string;
  /** The reply code we answered the DATA with. */
  reply: number;
  /** The header block (everything before the first blank line). */
  headers: string;
  /** Whether the session was under TLS when the message came (implicit TLS or after STARTTLS). */
  secure: boolean;
}

export interface SinkOptions {
  /** When set, the server offers and requires AUTH PLAIN/LOGIN with these credentials. */
  auth?: { user: string; pass: string };
  /**
   * When set, the server offers only AUTH XOAUTH2 (as Gmail does to OAuth clients) and accepts this
   * user with the access token `accessToken()` returns at that moment; a wrong token gets Gmail's
   * 334 challenge with a 401 status, then 535.
   */
  xoauth2?: { user: string; accessToken: () => string | undefined };
  /** Called for every AUTH attempt, to count logins. */
  onAuth?: (auth: { method: string; username?: string; accessToken?: string }) => void;
  /** When set, TLS with this key and certificate: from the first byte, or offered as STARTTLS. */
  tls?: { mode: 'implicit' | 'starttls'; key: Buffer; cert: Buffer };
}

/**
 * A real SMTP server on 127.0.0.1:0 for tests. It records every DATA transaction, and answers
 * them from a per-recipient script (e.g. [451] = refuse once with 451, then accept; [550, 550, …]).
 */
export class SmtpSink {
  readonly received: Received[] = [];
  private readonly scripts = new Map<string, number[]>();
  private holding = false;
  private readonly held: (() => void)[] = [];
  private server!: SMTPServer;
  port = 0;

  /** Listens on `port` (0: any free port; a fixed one to end a simulated outage). */
  static async start(options: SinkOptions = {}, port = 0): Promise<SmtpSink> {
    const sink = new SmtpSink();
    const xoauth2 = options.xoauth2;
    const needsAuth = options.auth !== undefined || xoauth2 !== undefined;
    const tls = options.tls;
    const disabled = [...(tls?.mode === 'starttls' ? [] : ['STARTTLS']), ...(needsAuth ? [] : ['AUTH'])];
    sink.server = new SMTPServer({
      secure: tls?.mode === 'implicit',
      key: tls?.key,
      cert: tls?.cert,
      disabledCommands: disabled,
      authOptional: !needsAuth,
      authMethods: xoauth2 ? ['XOAUTH2'] : undefined,
      allowInsecureAuth: true,
      logger: false,
      onAuth(auth, _session, callback) {
        options.onAuth?.({ method: auth.method, username: auth.username, accessToken: auth.accessToken });
        if (xoauth2) {
          const expected = xoauth2.accessToken();
          if (
            auth.method === 'XOAUTH2' &&
            auth.username === xoauth2.user &&
            expected !== undefined &&
            auth.accessToken === expected
          )
            return callback(null, { user: auth.username });
          return callback(null, {
            data: { status: '401', schemes: 'bearer', scope: 'https://mail.google.com/' },
          });
        }
        if (options.auth && auth.username === options.auth.user && auth.password === options.auth.pass)
          return callback(null, { user: auth.username });
        callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
      },
      onData: (stream, session, callback) => sink.onData(stream, session, callback),
    });
    // A client's session error (a TLS handshake it aborted, a reset) is the client's test to judge.
    sink.server.on('error', () => undefined);
    await new Promise<void>((resolve) => sink.server.listen(port, '127.0.0.1', resolve));
    sink.port = (sink.server.server.address() as AddressInfo).port;
    return sink;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  /** Answers the next DATA transactions for `address` with these codes, then accepts. */
  script(address: string, replies: number[]): void {
    this.scripts.set(address, [...replies]);
  }

  /** From now on, leaves every DATA unanswered (the client waits) until `release()`. */
  hold(): void {
    this.holding = true;
  }

  /** How many DATA transactions are waiting for an answer right now. */
  get waiting(): number {
    return this.held.length;
  }

  release(): void {
    this.holding = false;
    for (const answer of this.held.splice(0)) answer();
  }

  to(address: string): Received[] {
    return this.received.filter((r) => r.rcptTo.includes(address));
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private onData(
    stream: SMTPServerDataStream,
    session: SMTPServerSession,
    callback: (err?: Error | null) => void,
  ): void {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const rcptTo = session.envelope.rcptTo.map((r) => r.address);
      const headers = raw.split(/\r?\n\r?\n/)[0];
      const messageId = /^message-id:\s*(<[^>]+>)/im.exec(headers)?.[1] ?? '';
      const mailFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
      const script = rcptTo.map((a) => this.scripts.get(a)).find((s) => s !== undefined && s.length > 0);
      const reply = script?.shift() ?? 250;
      const secure = Boolean(session.secure);
      this.received.push({ mailFrom, rcptTo, raw, messageId, reply, headers, secure });
      const answer = () =>
        reply === 250
          ? callback(null)
          : callback(Object.assign(new Error(`scripted ${reply}`), { responseCode: reply }));
      if (this.holding) this.held.push(answer);
      else answer();
    });
  }
}

/** Polls `probe` until it returns a value other than undefined; fails after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
