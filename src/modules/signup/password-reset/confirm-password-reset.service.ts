import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { AppError, type ErrorSpec } from '../../../common/errors/app-error';
import { CommonErrors } from '../../../common/errors/common.errors';
import type { AppConfig } from '../../../config/config';
import { CONFIG, DB, LOGGER } from '../../../core/tokens';
import type { Db } from '../../../infra/db/db.port';
import { RATE_LIMITER, type RateLimiter } from '../../rate-limit/rate-limit.port';
import { AccountErrors } from '../account.errors';
import { EMAIL_CHANGE_STORE, type EmailChangeStore } from '../database/email-change.store';
import { PASSWORD_RESET_STORE, type PasswordResetStore } from '../database/password-reset.store';
import { USER_REPOSITORY, type UserRepository } from '../database/user.repository';
import { ACCOUNT_LIMITS } from '../domain/account.limits';
import { TOKEN_SHAPE, hmac } from '../domain/challenge.secrets';
import { PasswordHasher } from '../domain/password.hasher';
import { passwordField } from '../domain/signup.fields';
import { enforce } from '../domain/signup.limits';
import { AccountMailer } from '../notifications/account.mailer';

/**
 * POST /users/password-reset/confirm. One transaction uses the token (a conditional update, so of
 * concurrent confirms exactly one wins), sets the new argon2id hash, bumps token_version (every
 * earlier access token gets 401), revokes the account's other reset requests and pending email
 * changes (a takeover in progress must not survive a reset), and queues the "password changed"
 * notice. The answer carries no token: the user signs in with the new password.
 */
@Injectable()
export class ConfirmPasswordResetService {
  constructor(
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(DB) private readonly db: Db,
    @Inject(LOGGER) private readonly log: Logger,
    @Inject(RATE_LIMITER) private readonly limiter: RateLimiter,
    @Inject(PASSWORD_RESET_STORE) private readonly resets: PasswordResetStore,
    @Inject(EMAIL_CHANGE_STORE) private readonly changes: EmailChangeStore,
    @Inject(USER_REPOSITORY) private readonly users: UserRepository,
    private readonly hasher: PasswordHasher,
    private readonly mailer: AccountMailer,
  ) {}

  async confirm(token: string, password: string, ip: string): Promise<void> {
    await enforce(this.limiter, `reset-confirm-ip:${ip}`, ACCOUNT_LIMITS.confirmPerIp);
    if (!TOKEN_SHAPE.test(token)) throw new AppError(AccountErrors.invalidToken);
    const checked = passwordField.safeParse(password);
    if (!checked.success)
      throw new AppError(CommonErrors.validationFailed, { password: checked.error.issues[0].message });
    const tokenHash = hmac(this.config.keys.tokenHmac, token);
    // A cheap look first, so a dead token costs no argon2 run; the transaction decides for real.
    const seen = await this.resets.peek(tokenHash, new Date());
    if (seen !== 'live')
      throw new AppError(seen === 'used' ? AccountErrors.alreadyUsed : AccountErrors.invalidToken);
    const passwordHash = await this.hasher.hash(password);
    const now = new Date();
    const verdict = await this.db.transaction(async (tx): Promise<ErrorSpec | undefined> => {
      const outcome = await this.resets.consume(tx, tokenHash, now);
      if (outcome.kind === 'used') return AccountErrors.alreadyUsed;
      if (outcome.kind === 'invalid') return AccountErrors.invalidToken;
      const user = await this.users.setPassword(tx, outcome.userId, passwordHash);
      if (!user) return AccountErrors.invalidToken;
      await this.resets.revokeAll(tx, user.id, now);
      const changes = await this.changes.revokePending(tx, user.id, now);
      await this.mailer.passwordChanged(tx, { email: user.email, name: user.name, locale: user.locale }, now);
      this.log.info({ userId: user.id, revokedEmailChanges: changes }, 'password reset');
      return undefined;
    });
    if (verdict) throw new AppError(verdict);
    this.mailer.wake();
  }
}
