import type { AppConfig } from '../../../../config/config';
import type { HealthResult } from '../../../health/health.port';
import {
  type MailTransport,
  type OutgoingMail,
  type SendResult,
  TransportError,
} from '../mail-transport.port';
import { GmailTokenStore, initialToken } from '../google/gmail-token.store';
import { isDeadGrantError, OAuthGrantState } from '../google/oauth-grant.state';
import { ThreadedSmtpSender } from '../nodemailer/threaded-smtp.sender';
import { classifySmtpError } from '../nodemailer/smtp-error.classifier';
import { parseSmtpUrl } from '../smtp/smtp.transport';

/** The fields nodemailer leaves on a failed XOAUTH2 login. */
interface AuthFailure {
  code?: string;
  originalCode?: string;
  command?: string;
  responseCode?: number;
  message?: string;
}

/**
 * MAIL_TRANSPORT=gmail: Gmail's SMTP server (smtps://smtp.gmail.com:465, or GMAIL_SMTP_URL) with SASL
 * XOAUTH2 and the seed's nodemailer OAuth2 options, through the SMTP sender thread. nodemailer
 * refreshes the access token itself (on that thread); each refreshed token is kept in
 * DATA_DIR/gmail-token.json and reused at the next start. Failures are classified here, where the
 * grant's state lives.
 */
export class GmailTransport implements MailTransport {
  readonly name = 'gmail';
  readonly grant = new OAuthGrantState();
  private readonly sender: ThreadedSmtpSender;

  constructor(config: AppConfig) {
    const g = config.mail.gmail;
    if (!g.user || !g.clientId || !g.clientSecret)
      throw new Error(
        'GMAIL_USER, GMAIL_CLIENT_ID and GMAIL_CLIENT_SECRET are required when MAIL_TRANSPORT=gmail',
      );
    const tokens = new GmailTokenStore(config.dataDir, { user: g.user, clientId: g.clientId });
    const start = initialToken(g, tokens.load());
    const { host, port, secure } = parseSmtpUrl(g.smtpUrl);
    this.sender = new ThreadedSmtpSender(
      {
        host,
        port,
        secure,
        auth: {
          type: 'OAuth2',
          user: g.user,
          clientId: g.clientId,
          clientSecret: g.clientSecret,
          refreshToken: g.refreshToken,
          accessToken: start?.accessToken,
          expires: start?.expires || undefined,
          accessUrl: g.accessUrl,
        },
      },
      config.mail.dkim,
      (err) => this.classify(err),
    );
    this.sender.onToken((t) => tokens.save({ accessToken: t.accessToken, expires: t.expires }));
  }

  async send(mail: OutgoingMail): Promise<SendResult> {
    if (this.grant.isDead) throw this.grant.failure();
    return this.sender.send(mail);
  }

  health(): HealthResult {
    const { host, port } = this.sender.endpoint;
    return this.grant.health(`gmail smtp ${host}:${port}`);
  }

  close(): Promise<void> {
    return this.sender.close();
  }

  /**
   * Gmail specifics first, then the generic SMTP rules (454 throttled, 4xx retryable, 5xx permanent).
   * A failed token refresh shows up as an AUTH XOAUTH2 failure without an SMTP reply: the token
   * endpoint's own error ("invalid_grant: …") is the message.
   */
  private classify(err: unknown): TransportError {
    const e = (err ?? {}) as AuthFailure;
    if (e.command === 'AUTH XOAUTH2' && e.responseCode === undefined) {
      const oauthError = /^([a-z_]+)(?::|$)/.exec(e.message ?? '')?.[1] ?? '';
      if (isDeadGrantError(oauthError)) {
        this.grant.markDead(oauthError);
        return this.grant.failure();
      }
      const why = e.originalCode && e.originalCode !== 'EOAUTH2' ? e.originalCode : 'no usable answer';
      return new TransportError('retryable', `could not refresh the Gmail access token: ${why}`);
    }
    // Gmail refused a freshly refreshed token: GMAIL_USER is not the account that consented, or the
    // grant lacks the https://mail.google.com/ scope. Our settings, not this message: held back.
    if (e.command === 'AUTH XOAUTH2' && e.responseCode !== undefined && e.responseCode >= 500)
      return new TransportError(
        'throttled',
        `SMTP ${e.responseCode}: Gmail refused the XOAUTH2 login; check GMAIL_USER and the grant's scope`,
      );
    return classifySmtpError(err);
  }
}
