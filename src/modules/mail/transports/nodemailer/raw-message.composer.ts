import nodemailer from 'nodemailer';
import type { AppConfig } from '../../../../config/config';
import { type OutgoingMail, TransportError } from '../mail-transport.port';
import { toNodemailerMessage } from './nodemailer-message';

/**
 * Builds the RFC 5322 message (CRLF line ends) for providers that take raw mail over HTTP: the Gmail
 * API (`raw`), SES (`Content.Raw.Data`). nodemailer's stream transport composes it with the same
 * encoder the SMTP sender uses (and signs it with DKIM when `DKIM_*` is set), so a message looks the
 * same whichever transport carried it, our Message-ID included.
 */
export class RawMessageComposer {
  private readonly composer;

  constructor(dkim?: AppConfig['mail']['dkim']) {
    this.composer = nodemailer.createTransport({
      streamTransport: true,
      buffer: true,
      newline: 'windows',
      dkim: dkim && { domainName: dkim.domain, keySelector: dkim.selector, privateKey: dkim.privateKey },
    });
  }

  async compose(mail: OutgoingMail): Promise<Buffer> {
    try {
      const info = await this.composer.sendMail(toNodemailerMessage(mail));
      return info.message as Buffer;
    } catch (err) {
      // Deterministic: the same input fails the same way next time.
      const code = (err as { code?: string }).code ?? 'unknown error';
      throw new TransportError('permanent', `the message could not be built: ${code}`);
    }
  }
}
