import { buffer } from 'node:stream/consumers';
import DKIM from 'nodemailer/lib/dkim';
import type { AppConfig } from '../../../../config/config';
import { type OutgoingMail, TransportError } from '../mail-transport.port';
import { buildMimeMessage } from './mime-message.builder';

/**
 * The message as bytes, as every transport sends it: built by mime-message.builder.ts (our
 * Message-ID, nodemailer's header encoding, CRLF line ends) and DKIM-signed with nodemailer's signer
 * when `DKIM_*` is set. The SMTP sender hands these bytes to its pool; the Gmail API (`raw`) and SES
 * (`Content.Raw.Data`) post them, so a message looks the same whichever transport carried it.
 */
export class RawMessageComposer {
  private readonly dkim?: DKIM;

  constructor(dkim?: AppConfig['mail']['dkim']) {
    if (dkim)
      this.dkim = new DKIM({
        domainName: dkim.domain,
        keySelector: dkim.selector,
        privateKey: dkim.privateKey,
      });
  }

  /** Throws a permanent TransportError: the same input fails the same way next time. */
  async compose(mail: OutgoingMail): Promise<Buffer> {
    const raw = buildMimeMessage(mail);
    if (!this.dkim) return raw;
    try {
      return await buffer(this.dkim.sign(raw));
    } catch (err) {
      const code = (err as { code?: string }).code ?? 'unknown error';
      throw new TransportError('permanent', `the message could not be signed (DKIM): ${code}`);
    }
  }
}
