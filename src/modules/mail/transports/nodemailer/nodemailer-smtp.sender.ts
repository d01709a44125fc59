import nodemailer, { type Mail, type XOAuth2Token } from 'nodemailer';
import type { SMTPPoolOptions, SMTPPoolSentMessageInfo } from 'nodemailer/lib/smtp-pool';
import type { AppConfig } from '../../../../config/config';
import type { OutgoingMail, SendResult, TransportError } from '../mail-transport.port';
import { toNodemailerMessage } from './nodemailer-message';
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
 * The one place that speaks SMTP through nodemailer, shared by the `smtp` and `mailbox` transports.
 * Pooled: a burst of signups reuses a few authenticated sessions instead of a handshake each.
 * Timeouts are bounded so a silent server cannot hold a message past the worker's lease.
 */
export class NodemailerSmtpSender {
  private readonly transporter: Mail<SMTPPoolSentMessageInfo, SMTPPoolOptions>;

  constructor(
    readonly endpoint: SmtpEndpoint,
    dkim?: AppConfig['mail']['dkim'],
    /** How failures become TransportErrors; a provider with its own quirks (Gmail) wraps the SMTP one. */
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
      dkim: dkim && { domainName: dkim.domain, keySelector: dkim.selector, privateKey: dkim.privateKey },
    });
  }

  async send(mail: OutgoingMail): Promise<SendResult> {
    try {
      const info = await this.transporter.sendMail(toNodemailerMessage(mail));
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

  close(): Promise<void> {
    this.transporter.close();
    return Promise.resolve();
  }
}
