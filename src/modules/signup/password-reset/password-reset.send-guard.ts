import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { emailKeyOf } from '../../../common/email/email-address';
import { DB } from '../../../core/tokens';
import type { Db } from '../../../infra/db/db.port';
import {
  type GuardedMail,
  SEND_GUARDS,
  type SendGuard,
  type SendGuards,
  type SendVerdict,
} from '../../mail/mail.port';
import { PASSWORD_RESET_STORE, type PasswordResetStore } from '../database/password-reset.store';
import { USER_REPOSITORY, type UserRepository } from '../database/user.repository';
import { asLocale } from '../notifications/signup.mailer';

/** The mail's value naming its password_resets row (not shown by the template). */
export const RESET_ID = 'resetId';

/**
 * The 'password-reset' mail's send guard (mail.port.ts, SendGuard), asked by the worker just before
 * it sends. POST /users/password-reset enqueues the mail for every address without looking for an
 * account (RequestPasswordResetService); here, after the answer, the account is looked up: with one,
 * the request's row is bound to it (only then can its link be confirmed) and the mail goes out with
 * the account's address, name and locale; without one, the mail ends `suppressed`, never sent, and
 * its row stays unusable.
 */
@Injectable()
export class PasswordResetSendGuard implements SendGuard, OnModuleInit {
  constructor(
    @Inject(DB) private readonly db: Db,
    @Inject(SEND_GUARDS) private readonly guards: SendGuards,
    @Inject(PASSWORD_RESET_STORE) private readonly resets: PasswordResetStore,
    @Inject(USER_REPOSITORY) private readonly users: UserRepository,
  ) {}

  /** Before the worker starts (it starts at application bootstrap). */
  onModuleInit(): void {
    this.guards.register('password-reset', this);
  }

  async check(mail: GuardedMail): Promise<SendVerdict> {
    const key = emailKeyOf(mail.to);
    if (key === undefined) return { kind: 'drop', reason: 'not an address an account can have' };
    const resetId = mail.data[RESET_ID];
    return this.db.transaction(async (tx) => {
      // Share-locked: an email change moving the account away waits for this bind, then revokes
      // the account's pending resets, this one included (or it moved first and there is no one).
      const user = await this.users.lockByEmailKey(tx, key);
      if (!user) return { kind: 'drop', reason: 'no account has this address' };
      // A row revoked (a newer request), used or swept meanwhile stays as it is: the mail still
      // goes, as every mail enqueued for an account did, and its link answers invalid_token.
      if (typeof resetId === 'string') await this.resets.bind(tx, resetId, key, user.id);
      return {
        kind: 'send',
        to: { address: user.email, name: user.name },
        locale: asLocale(user.locale),
        data: { name: user.name },
      };
    });
  }
}
