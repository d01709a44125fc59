import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '../../../config/config';
import { CONFIG } from '../../../core/tokens';
import type { Queryable } from '../../../infra/db/db.port';
import { type Locale, LOCALES, MAIL_OUTBOX, type MailOutbox, type TemplateMail } from '../../mail/mail.port';
import type { Challenge } from '../domain/challenge';

export interface Addressee {
  email: string;
  name?: string;
  locale: string;
}

export const asLocale = (l: string): Locale =>
  (LOCALES as readonly string[]).includes(l) ? (l as Locale) : 'en';

/**
 * The signup mails, written to the transactional outbox inside the caller's transaction. Links are
 * built from PUBLIC_URL only, never from the request's Host header (a forged Host would otherwise
 * mail the victim a link to the attacker's server, carrying a valid token).
 */
@Injectable()
export class SignupMailer {
  constructor(
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(MAIL_OUTBOX) private readonly outbox: MailOutbox,
  ) {}

  verifyLink(token: string): string {
    return `${this.config.http.publicUrl}/users/email-verify?signupVerifyToken=${encodeURIComponent(token)}`;
  }

  async verify(tx: Queryable, to: Addressee, challenge: Challenge): Promise<void> {
    await this.outbox.enqueue(tx, this.verifyMail(to, challenge));
  }

  /**
   * The verify mail, rendered, sealed and inserted whether or not `send`, and kept only when
   * `send` (MailOutbox.enqueueIf): resend costs the same for an address with nothing pending.
   * True when kept.
   */
  async verifyIf(tx: Queryable, send: boolean, to: Addressee, challenge: Challenge): Promise<boolean> {
    return (await this.outbox.enqueueIf(tx, send, this.verifyMail(to, challenge))) !== undefined;
  }

  /** The "someone tried to sign up with your address" notice, kept only when `send` (see verifyIf). */
  async existsIf(tx: Queryable, send: boolean, to: Addressee): Promise<boolean> {
    const base = this.config.http.publicUrl;
    const kept = await this.outbox.enqueueIf(tx, send, {
      to: { address: to.email, name: to.name },
      template: 'signup-exists',
      locale: asLocale(to.locale),
      data: {
        name: to.name ?? '',
        loginUrl: `${base}/users/login`,
        resetUrl: `${base}/users/password-reset`,
      },
    });
    return kept !== undefined;
  }

  private verifyMail(to: Addressee, challenge: Challenge): TemplateMail {
    return {
      to: { address: to.email, name: to.name },
      template: 'signup-verify',
      locale: asLocale(to.locale),
      data: {
        name: to.name ?? '',
        linkExpiresAt: challenge.expiresAt.toISOString(),
        codeExpiresAt: challenge.codeExpiresAt.toISOString(),
      },
      secrets: { link: this.verifyLink(challenge.token), code: challenge.code },
    };
  }

  /** After commit: tells the worker there is mail. */
  wake(): void {
    this.outbox.wake();
  }
}
