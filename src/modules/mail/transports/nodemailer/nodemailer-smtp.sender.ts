import { Readable } from 'node:stream';
import nodemailer, { type Mail, type XOAuth2Token } from 'nodemailer';
import type MailMessage from 'nodemailer/lib/mailer/mail-message';
import type { SMTPPoolOptions, SMTPPoolSentMessageInfo } from 'nodemailer/lib/smtp-pool';
import type { AppConfig } from '../../../../config/config';
import type { OutgoingMail, SendResult, TransportError } from '../mail-transport.port';
import { type SmtpEnvelope, smtpEnvelope } from './mime-message.builder';
import { RawMessageComposer } from './raw-message.composer';
import { classifySmtpError } from './smtp-error.classifier';

/**
 * SASL XOAUTH2 with nodemailer's own token handling: the seed's options, passed through as they are.
 * nodemailer refreshes the access token at `accessUrl` (grant_type=refresh_token) when it is missing
 * or expired, and once more when the server refuses it.
 */
export interface SmtpOAuth2 {
  type: 'OAuth2';
  user: string;
  clientId: string;
  clientSecret: string;
  refreshToken?: string;
  accessToken?: string;
  /** When `accessToken` stops working, in ms since the epoch. */
  expires?: number;
  accessUrl?: string;
}

/** Where and how to open SMTP sessions; built by each SMTP-speaking transport from its settings. */
export interface SmtpEndpoint {
  host: string;
  port: number;
  /** Implicit TLS from the first byte (smtps://, port 465). */
  secure: boolean;
  auth?: { user: string; pass: string } | SmtpOAuth2;
  /** Skip STARTTLS even when offered (the local dev mailbox only). */
  ignoreTLS?: boolean;
}

/**
 * The connection pool: at most 8 sessions (the worker keeps more sends in flight; nodemailer queues
 * them, so a connection goes straight on to its next message); a session is recycled after
 * `maxMessages`. Exported for the courier benchmark, whose raw-nodemailer baseline pools the same way.
 */
export const SMTP_POOL = { maxConnections: 8, maxMessages: 100 } as const;

/**
 * A built message as nodemailer's pool takes it (its transport API: `send(mail, callback)` reads
 * `mail.data` and from `mail.message` the envelope, the Message-ID for its log lines and a stream
 * of the bytes). A fresh copy of both per attempt: the SMTP client writes its state into the
 * envelope, and the pool sends a message again over another connection when the first one turned
 * out dropped before a byte was read (`readableDidRead`). A MimeNode in its place would bring back
 * the stream pipeline that costs more than the SMTP session itself.
 */
function pooledMessage(
  envelope: SmtpEnvelope,
  messageId: string,
  raw: Buffer,
): MailMessage<SMTPPoolSentMessageInfo> {
  const message = {
    getEnvelope: () => ({ from: envelope.from, to: [...envelope.to] }),
    messageId: () => messageId,
    getHeader: (key: string) => (key.toLowerCase() === 'message-id' ? messageId : undefined),
    createReadStream: () => {
      const stream = new Readable({ read: () => undefined });
      stream.push(raw);
      stream.push(null);
      return stream;
    },
  };
  return { data: {}, message } as unknown as MailMessage<SMTPPoolSentMessageInfo>;
}

/**
 * The one place that speaks SMTP through nodemailer, run on the sender thread (smtp-sender.thread.ts)
 * for the `smtp`, `mailbox` and `gmail` transports. Pooled: a burst of signups reuses a few authenticated sessions instead of a
 * handshake each. nodemailer keeps the sessions (STARTTLS / implicit TLS, AUTH, XOAUTH2 and its
 * token refresh, PIPELINING, the pool's recycling); the message is built by RawMessageComposer and
 * handed to the pool as bytes, not through sendMail's MIME tree. Timeouts are bounded so a silent
 * server cannot hold a message past the worker's lease.
 */
export class NodemailerSmtpSender {
  private readonly transporter: Mail<SMTPPoolSentMessageInfo, SMTPPoolOptions>;
  private readonly composer: RawMessageComposer;

  constructor(
    readonly endpoint: SmtpEndpoint,
    dkim?: AppConfig['mail']['dkim'],
    /** How nodemailer's failures become TransportErrors (a message that cannot be built is one already). */
    private readonly classify: (err: unknown) => TransportError = classifySmtpError,
  ) {
    this.transporter = nodemailer.createTransport({
      pool: true,
      maxConnections: SMTP_POOL.maxConnections,
      maxMessages: SMTP_POOL.maxMessages,
      host: endpoint.host,
      port: endpoint.port,
      secure: endpoint.secure,
      // Without implicit TLS nodemailer upgrades with STARTTLS whenever the server offers it
      // (opportunistic), verifying the certificate; `ignoreTLS` turns that off for the dev mailbox.
      ignoreTLS: endpoint.ignoreTLS ?? false,
      auth: endpoint.auth,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    });
    this.composer = new RawMessageComposer(dkim);
  }

  async send(mail: OutgoingMail): Promise<SendResult> {
    const raw = await this.composer.compose(mail);
    try {
      const info = await this.submit(pooledMessage(smtpEnvelope(mail), mail.messageId, raw));
      const accepted = (info.accepted as unknown[]).map((a) =>
        typeof a === 'string' ? a : (a as { address: string }).address,
      );
      return { accepted, response: String(info.response ?? '') };
    } catch (err) {
      throw this.classify(err);
    }
  }

  /** nodemailer's 'token' event: an OAuth2 access token was refreshed (never logged). */
  onToken(listener: (token: XOAuth2Token) => void): void {
    this.transporter.on('token', listener);
  }

  private submit(message: MailMessage<SMTPPoolSentMessageInfo>): Promise<SMTPPoolSentMessageInfo> {
    return new Promise((resolve, reject) =>
      this.transporter.transporter.send(message, (err, info) =>
        err ? reject(err) : resolve(info as SMTPPoolSentMessageInfo),
      ),
    );
  }

  close(): Promise<void> {
    this.transporter.close();
    return Promise.resolve();
  }
}
