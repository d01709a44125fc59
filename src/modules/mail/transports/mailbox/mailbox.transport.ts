import type { AppConfig } from '../../../../config/config';
import type { HealthResult } from '../../../health/health.port';
import type { MailboxEndpoint } from '../../../mailbox/mailbox.port';
import {
  type MailTransport,
  type OutgoingMail,
  type SendResult,
  TransportError,
} from '../mail-transport.port';
import { NodemailerSmtpSender } from '../nodemailer/nodemailer-smtp.sender';

/**
 * MAIL_TRANSPORT=mailbox (development): a real SMTP session to the built-in dev mailbox, so what a
 * developer reads there went through the same code path as production mail (the same sender, here
 * on the main thread: on the sender thread it widened the password-reset timing residual, see
 * docs/mail.md). The mailbox may listen on port 0 in tests, so its address is read at send time and
 * the sender rebuilt if it moved.
 */
export class MailboxTransport implements MailTransport {
  readonly name = 'mailbox';
  private sender?: NodemailerSmtpSender;

  constructor(
    private readonly config: AppConfig,
    // Only the SMTP side: the transport delivers, it never reads mail back.
    private readonly mailbox: Pick<MailboxEndpoint, 'smtpAddress'> | undefined,
  ) {}

  async send(mail: OutgoingMail): Promise<SendResult> {
    if (!this.mailbox) throw new TransportError('retryable', 'the dev mailbox is not running (MAILBOX=off?)');
    const { host, port } = this.mailbox.smtpAddress();
    if (!this.sender || this.sender.endpoint.host !== host || this.sender.endpoint.port !== port) {
      await this.sender?.close();
      // Local and development-only: no TLS, no auth.
      this.sender = new NodemailerSmtpSender(
        { host, port, secure: false, ignoreTLS: true },
        this.config.mail.dkim,
      );
    }
    return this.sender.send(mail);
  }

  /**
   * The mailbox reports its own listener under /health ("mailbox"); config already refuses
   * MAIL_TRANSPORT=mailbox with MAILBOX=off. A missing endpoint is then a wiring fault that shows
   * up as retrying messages with the reason above, not as a second failing check.
   */
  health(): HealthResult {
    return { ok: true };
  }

  async close(): Promise<void> {
    await this.sender?.close();
  }
}
