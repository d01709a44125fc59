import type { AppConfig } from '../../../../config/config';
import type { HealthResult } from '../../../health/health.port';
import { type MailTransport, type OutgoingMail, type SendResult } from '../mail-transport.port';
import type { SmtpEndpoint } from '../nodemailer/nodemailer-smtp.sender';
import { ThreadedSmtpSender } from '../nodemailer/threaded-smtp.sender';

/**
 * SMTP_URL → connection settings. `smtps://` is implicit TLS (default port 465); `smtp://` starts in
 * plain text and upgrades with STARTTLS when the server offers it (default port 587). Credentials
 * come from the URL's user info, percent-decoded.
 */
export function parseSmtpUrl(value: string): SmtpEndpoint {
  const url = new URL(value);
  const secure = url.protocol === 'smtps:';
  const user = decodeURIComponent(url.username);
  return {
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: url.port ? Number(url.port) : secure ? 465 : 587,
    secure,
    auth: user ? { user, pass: decodeURIComponent(url.password) } : undefined,
  };
}

/**
 * MAIL_TRANSPORT=smtp: any SMTP relay or provider given by SMTP_URL. The SMTP client runs on its own
 * thread (threaded-smtp.sender.ts), so a busy courier uses a second core.
 */
export class SmtpTransport implements MailTransport {
  readonly name = 'smtp';
  private readonly sender: ThreadedSmtpSender;

  constructor(config: AppConfig) {
    if (!config.mail.smtpUrl) throw new Error('SMTP_URL is required when MAIL_TRANSPORT=smtp');
    this.sender = new ThreadedSmtpSender(parseSmtpUrl(config.mail.smtpUrl), config.mail.dkim);
  }

  send(mail: OutgoingMail): Promise<SendResult> {
    return this.sender.send(mail);
  }

  health(): HealthResult {
    const { host, port } = this.sender.endpoint;
    return { ok: true, detail: `smtp ${host}:${port}` };
  }

  close(): Promise<void> {
    return this.sender.close();
  }
}
