import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { AppError, type ErrorSpec } from '../../../common/errors/app-error';
import type { AppConfig } from '../../../config/config';
import { CONFIG, DB, LOGGER } from '../../../core/tokens';
import { type Db, isUniqueViolation } from '../../../infra/db/db.port';
import { RATE_LIMITER, type RateLimiter } from '../../rate-limit/rate-limit.port';
import { AccountErrors } from '../account.errors';
import { EMAIL_CHANGE_STORE, type EmailChangeStore } from '../database/email-change.store';
import { PASSWORD_RESET_STORE, type PasswordResetStore } from '../database/password-reset.store';
import { USER_REPOSITORY, type UserRepository } from '../database/user.repository';
import { ACCOUNT_LIMITS } from '../domain/account.limits';
import { TOKEN_SHAPE, hmac } from '../domain/challenge.secrets';
import { enforce } from '../domain/signup.limits';

type Verdict = { email: string } | { error: ErrorSpec };

/**
 * POST /users/email-change/undo, from the link mailed to the old address (7 days). Someone who
 * says "this was not me" gets, in one transaction: the change cancelled (or, if it was confirmed,
 * the old address put back), every access token revoked (token_version bumped), and the account's
 * pending email changes and password resets revoked — a reset mailed to the attacker's new address
 * must not outlive the undo.
 */
@Injectable()
export class UndoEmailChangeService {
  constructor(
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(DB) private readonly db: Db,
    @Inject(LOGGER) private readonly log: Logger,
    @Inject(RATE_LIMITER) private readonly limiter: RateLimiter,
    @Inject(EMAIL_CHANGE_STORE) private readonly changes: EmailChangeStore,
    @Inject(PASSWORD_RESET_STORE) private readonly resets: PasswordResetStore,
    @Inject(USER_REPOSITORY) private readonly users: UserRepository,
  ) {}

  /** Returns the address the account uses afterwards. */
  async undo(token: string, ip: string): Promise<string> {
    await enforce(this.limiter, `email-undo-ip:${ip}`, ACCOUNT_LIMITS.confirmPerIp);
    if (!TOKEN_SHAPE.test(token)) throw new AppError(AccountErrors.invalidToken);
    const undoTokenHash = hmac(this.config.keys.tokenHmac, token);
    const now = new Date();
    let verdict: Verdict;
    try {
      verdict = await this.db.transaction(async (tx): Promise<Verdict> => {
        const outcome = await this.changes.undo(tx, undoTokenHash, now);
        if (outcome.kind === 'invalid') return { error: AccountErrors.invalidToken };
        if (outcome.kind === 'settled') return { error: AccountErrors.alreadyUsed };
        const { change } = outcome;
        if (outcome.wasConfirmed) {
          const back = await this.users.changeEmail(
            tx,
            change.userId,
            { email: change.oldEmail, emailKey: change.oldEmailKey, emailDisplay: change.oldEmailDisplay },
            true,
          );
          // Thrown, not returned: nothing of this transaction may commit (the undo stays usable).
          if (back.kind === 'taken') throw new AppError(AccountErrors.emailTaken);
          if (back.kind === 'gone') return { error: AccountErrors.invalidToken };
        } else {
          await this.users.revokeTokens(tx, change.userId);
        }
        await this.changes.revokePending(tx, change.userId, now);
        await this.resets.revokeAll(tx, change.userId, now);
        this.log.info({ userId: change.userId, wasConfirmed: outcome.wasConfirmed }, 'email change undone');
        return { email: change.oldEmailDisplay };
      });
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      verdict = { error: AccountErrors.emailTaken };
    }
    if ('error' in verdict) throw new AppError(verdict.error);
    return verdict.email;
  }
}
