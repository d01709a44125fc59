import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { parseEmail } from '../../../common/email/email-address';
import { AppError } from '../../../common/errors/app-error';
import { CommonErrors } from '../../../common/errors/common.errors';
import type { AppConfig } from '../../../config/config';
import { CONFIG, DB, LOGGER } from '../../../core/tokens';
import type { Db } from '../../../infra/db/db.port';
import { RATE_LIMITER, type RateLimiter } from '../../rate-limit/rate-limit.port';
import { AccountErrors } from '../account.errors';
import { EMAIL_CHANGE_STORE, type EmailChangeStore } from '../database/email-change.store';
import type { User } from '../database/user.repository';
import { ACCOUNT_LIMITS, UNDO_TTL_SECONDS } from '../domain/account.limits';
import { issueChallenge } from '../domain/challenge';
import { hmac, newToken } from '../domain/challenge.secrets';
import { PasswordHasher } from '../domain/password.hasher';
import { enforce } from '../domain/signup.limits';
import { AccountMailer } from '../notifications/account.mailer';
import type { ChangeEmailBody } from './change-email.dto';

/**
 * POST /users/me/email. After the current password is checked, one transaction revokes the
 * account's older change requests, stores this one (link token, code and undo token as HMACs) and
 * queues two mails: the challenge to the new address and a notice with an undo link to the old
 * one. Nothing about the account changes until the new address is confirmed.
 *
 * Whether the new address already has an account is not checked here: the answer would tell the
 * requester so. Confirming then fails with 409 email_taken — which only whoever reads that
 * mailbox (its owner) can see.
 */
@Injectable()
export class ChangeEmailService {
  constructor(
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(DB) private readonly db: Db,
    @Inject(LOGGER) private readonly log: Logger,
    @Inject(RATE_LIMITER) private readonly limiter: RateLimiter,
    @Inject(EMAIL_CHANGE_STORE) private readonly changes: EmailChangeStore,
    private readonly hasher: PasswordHasher,
    private readonly mailer: AccountMailer,
  ) {}

  async request(user: User, body: ChangeEmailBody): Promise<void> {
    // Counted before the password check: it is also the limit on guessing the password.
    await enforce(this.limiter, `email-change-user:${user.id}`, ACCOUNT_LIMITS.emailChangePerUser);
    const next = parseEmail(body.email);
    if (next.key === user.emailKey)
      throw new AppError(CommonErrors.validationFailed, { email: 'is already the address of this account' });
    if (!(await this.hasher.verify(user.passwordHash, body.password)))
      throw new AppError(AccountErrors.invalidPassword);
    await enforce(this.limiter, `email-change-address:${next.key}`, ACCOUNT_LIMITS.emailChangePerAddress);
    const now = new Date();
    const challenge = issueChallenge(this.config.keys, this.config.signup, now);
    const undoToken = newToken();
    const undoExpiresAt = new Date(now.getTime() + UNDO_TTL_SECONDS * 1000);
    try {
      await this.db.transaction(async (tx) => {
        await this.changes.replace(
          tx,
          {
            id: randomUUID(),
            userId: user.id,
            oldEmail: user.email,
            oldEmailKey: user.emailKey,
            oldEmailDisplay: user.emailDisplay,
            newEmail: next.email,
            newEmailKey: next.key,
            newEmailDisplay: next.display,
            tokenHash: challenge.tokenHash,
            codeHash: challenge.codeHash,
            codeExpiresAt: challenge.codeExpiresAt,
            expiresAt: challenge.expiresAt,
            undoTokenHash: hmac(this.config.keys.tokenHmac, undoToken),
            undoExpiresAt,
          },
          now,
        );
        const who = { name: user.name, locale: user.locale };
        await this.mailer.emailChangeVerify(tx, { ...who, email: next.email }, challenge);
        await this.mailer.emailChangeNotice(
          tx,
          { ...who, email: user.email },
          next.display,
          undoToken,
          undoExpiresAt,
        );
      });
    } catch (err) {
      this.log.error({ err }, 'email change could not be stored');
      throw new AppError(AccountErrors.unavailable, undefined, 5);
    }
    this.mailer.wake();
  }
}
