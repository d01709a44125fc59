import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '../../../config/config';
import { CONFIG } from '../../../core/tokens';
import type { Queryable } from '../../../infra/db/db.port';
import { MAIL_OUTBOX, type MailOutbox } from '../../mail/mail.port';
import type { Challenge } from '../domain/challenge';
import { RESET_ID } from '../password-reset/password-reset.send-guard';
import { type Addressee, asLocale } from './signup.mailer';

/**
 * The password-reset and email-change mails, written to the outbox inside the caller's
 * transaction. Links are built from PUBLIC_URL only (never the request's Host header), and the
 * clear tokens travel only as sealed `secrets`.
 */
@Injectable()
export class AccountMailer {
  constructor(
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(MAIL_OUTBOX) private readonly outbox: MailOutbox,
  ) {}

  private link(path: string, token: string): string {
    return `${this.config.http.publicUrl}${path}?token=${encodeURIComponent(token)}`;
  }

  /**
   * To the address asked for, whether or not it has an account: the worker's send guard decides
   * (PasswordResetSendGuard, which finds the row by `resetId`, binds it, and names the account).
   */
  async passwordReset(
    tx: Queryable,
    resetId: string,
    to: Addressee,
    token: string,
    expiresAt: Date,
  ): Promise<void> {
    await this.outbox.enqueue(tx, {
      to: { address: to.email, name: to.name },
      template: 'password-reset',
      locale: asLocale(to.locale),
      data: { name: to.name ?? '', expiresAt: expiresAt.toISOString(), [RESET_ID]: resetId },
      secrets: { link: this.link('/users/password-reset', token) },
    });
  }

  async passwordChanged(tx: Queryable, to: Addressee, at: Date): Promise<void> {
    await this.outbox.enqueue(tx, {
      to: { address: to.email, name: to.name },
      template: 'password-changed',
      locale: asLocale(to.locale),
      data: { name: to.name ?? '', changedAt: at.toISOString() },
    });
  }

  /** To the new address: the link and code that confirm it. */
  async emailChangeVerify(tx: Queryable, to: Addressee, challenge: Challenge): Promise<void> {
    await this.outbox.enqueue(tx, {
      to: { address: to.email, name: to.name },
      template: 'email-change-verify',
      locale: asLocale(to.locale),
      data: {
        name: to.name ?? '',
        linkExpiresAt: challenge.expiresAt.toISOString(),
        codeExpiresAt: challenge.codeExpiresAt.toISOString(),
      },
      secrets: { link: this.link('/users/email-change/confirm', challenge.token), code: challenge.code },
    });
  }

  /** To the old address: what was asked, and the undo link. */
  async emailChangeNotice(
    tx: Queryable,
    to: Addressee,
    newEmail: string,
    undoToken: string,
    undoExpiresAt: Date,
  ): Promise<void> {
    await this.outbox.enqueue(tx, {
      to: { address: to.email, name: to.name },
      template: 'email-change-notice',
      locale: asLocale(to.locale),
      data: { name: to.name ?? '', newEmail, undoExpiresAt: undoExpiresAt.toISOString() },
      secrets: { link: this.link('/users/email-change/undo', undoToken) },
    });
  }

  /** After commit: tells the worker there is mail. */
  wake(): void {
    this.outbox.wake();
  }
}
