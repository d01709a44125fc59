import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '../../../config/config';
import { CONFIG } from '../../../core/tokens';
import type { Queryable } from '../../../infra/db/db.port';
import {
  type Locale,
  LOCALES,
  MAIL_OUTBOX,
  type MailOutbox,
  type ReplacementMail,
  type TemplateMail,
} from '../../mail/mail.port';
import type { Challenge } from '../domain/challenge';

export interface Addressee {
  email: string;
  name?: string;
  locale: string;
}

/** A signup's verify mail: the value naming its pending signup (not shown by the template). */
export const SIGNUP_ID = 'signupId';

/** A resend's verify mail: the values holding its challenge's hashes, hex (not shown by the template). */
export const ROTATION = { tokenHash: 'tokenHash', codeHash: 'codeHash' } as const;

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

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

  /**
   * To the address typed, whether or not it has an account: the worker's send guard decides
   * (SignupVerifySendGuard, which finds the account, withdraws the signup `signupId` and sends the
   * account-exists notice in its place).
   */
  async verify(tx: Queryable, signupId: string, to: Addressee, challenge: Challenge): Promise<void> {
    await this.outbox.enqueue(tx, this.verifyMail(to, challenge, { [SIGNUP_ID]: signupId }));
  }

  /**
   * A resend's mail, to the address typed, for every address: it carries the new challenge's hashes
   * (never the challenge itself, which is sealed), and the send guard gives them to the address's
   * newest live signup at send time, then sends to it, or ends the mail unsent when there is none.
   */
  async resend(tx: Queryable, to: Addressee, challenge: Challenge): Promise<void> {
    await this.outbox.enqueue(
      tx,
      this.verifyMail(to, challenge, {
        [ROTATION.tokenHash]: hex(challenge.tokenHash),
        [ROTATION.codeHash]: hex(challenge.codeHash),
      }),
    );
  }

  /** The "someone tried to sign up with your address" notice, to the account's owner; no secrets. */
  existsNotice(owner: Addressee): ReplacementMail {
    const base = this.config.http.publicUrl;
    return {
      to: { address: owner.email, name: owner.name },
      template: 'signup-exists',
      locale: asLocale(owner.locale),
      data: {
        name: owner.name ?? '',
        loginUrl: `${base}/users/login`,
        resetUrl: `${base}/users/password-reset`,
      },
    };
  }

  /** `guard`: the values the send guard acts on (not shown by the template). */
  private verifyMail(to: Addressee, challenge: Challenge, guard: Record<string, string>): TemplateMail {
    return {
      to: { address: to.email, name: to.name },
      template: 'signup-verify',
      locale: asLocale(to.locale),
      data: {
        name: to.name ?? '',
        linkExpiresAt: challenge.expiresAt.toISOString(),
        codeExpiresAt: challenge.codeExpiresAt.toISOString(),
        ...guard,
      },
      secrets: { link: this.verifyLink(challenge.token), code: challenge.code },
    };
  }

  /** After commit: tells the worker there is mail. */
  wake(): void {
    this.outbox.wake();
  }
}
