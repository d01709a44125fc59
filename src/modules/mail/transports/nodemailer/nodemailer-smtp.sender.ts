import nodemailer, { type Mail } from 'nodemailer';
import type { SMTPPoolOptions, SMTPPoolSentMessageInfo } from 'nodemailer/lib/smtp-pool';
import type { AppConfig } from '../../../../config/config';
import type { OutgoingMail, SendResult } from '../mail-transport.port';
import { classifySmtpError } from './smtp-error.classifier';

/** Where and how to open SMTP sessions; built by each SMTP-speaking transport from its settings. */
export interface SmtpEndpoint {
  host: string;
  port: number;
  /** Implicit TLS from the first byte (smtps://, port 465). */
  secure: boolean;
  auth?: { user: string; pass: string };
  /** Skip STARTTLS even when offered (the local dev mailbox only). */
  ignoreTLS?: boolean;
}

/** Sends in flight at most; the same bound as the worker's, so a connection is ready for each. */
const MAX_CONNECTIONS = 8;

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
  ) {
    this.transporter = nodemailer.createTransport({
      pool: true,
      maxConnections: MAX_CONNECTIONS,
      maxMessages: 100,
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
      const info = await this.transporter.sendMail({
        // Addresses go in as objects: nodemailer encodes the name and no string of ours becomes a
        // header line, so a name like "Eve\r\nBcc: x@evil" cannot add a recipient.
        from: mail.from.name ? { name: mail.from.name, address: mail.from.address } : mail.from.address,
        to: mail.to.name ? { name: mail.to.name, address: mail.to.address } : mail.to.address,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        // nodemailer encodes the file name (RFC 2231) and the content (base64) itself.
        attachments: mail.attachments?.map((a) => ({ ...a })),
        messageId: mail.messageId,
        headers: mail.headers,
        // The envelope is exactly the one recipient: never derived from headers.
        envelope: { from: mail.from.address, to: [mail.to.address] },
      });
      const accepted = (info.accepted as unknown[]).map((a) =>
        typeof a === 'string' ? a : (a as { address: string }).address,
      );
      return { accepted, response: String(info.response ?? '') };
    } catch (err) {
      throw classifySmtpError(err);
    }
  }

  close(): Promise<void> {
    this.transporter.close();
    return Promise.resolve();
  }
}
