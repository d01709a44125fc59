import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { parseEmail } from '../../../common/email/email-address';
import { AppError } from '../../../common/errors/app-error';
import type { AppConfig } from '../../../config/config';
import { CONFIG, DB, LOGGER } from '../../../core/tokens';
import type { Db } from '../../../infra/db/db.port';
import { RATE_LIMITER, type RateLimiter } from '../../rate-limit/rate-limit.port';
import { AccountErrors } from '../account.errors';
import { PASSWORD_RESET_STORE, type PasswordResetStore } from '../database/password-reset.store';
import { USER_REPOSITORY, type UserRepository } from '../database/user.repository';
import { ACCOUNT_LIMITS, RESET_TTL_SECONDS } from '../domain/account.limits';
import { hmac, newToken } from '../domain/challenge.secrets';
import { enforce } from '../domain/signup.limits';
import type { RequestContext } from '../http/request-context';
import { AccountMailer } from '../notifications/account.mailer';

/**
 * POST /users/password-reset. The same work for every address, up to and including the mail: the
 * limits are keyed by the address, a token is drawn and HMAC'd, and one transaction runs the same
 * statements — find the account, revoke its older requests, store this one (with no account, a
 * row that can never be used), and render, seal and insert the mail, which is kept only for an
 * account (MailOutbox.enqueueIf rolls it back otherwise). The answer is always the same 202, and
 * nothing it sets off afterwards depends on the address either (see the end of `request`).
 */
@Injectable()
export class RequestPasswordResetService {
  constructor(
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(DB) private readonly db: Db,
    @Inject(LOGGER) private readonly log: Logger,
    @Inject(RATE_LIMITER) private readonly limiter: RateLimiter,
    @Inject(PASSWORD_RESET_STORE) private readonly resets: PasswordResetStore,
    @Inject(USER_REPOSITORY) private readonly users: UserRepository,
    private readonly mailer: AccountMailer,
  ) {}

  async request(email: string, ctx: RequestContext): Promise<void> {
    const address = parseEmail(email);
    await enforce(this.limiter, `reset-ip:${ctx.ip}`, ACCOUNT_LIMITS.resetPerIp);
    await enforce(this.limiter, `reset-minute:${address.key}`, ACCOUNT_LIMITS.resetPerMinute);
    await enforce(this.limiter, `reset-day:${address.key}`, ACCOUNT_LIMITS.resetPerDay);
    const now = new Date();
    const token = newToken();
    const expiresAt = new Date(now.getTime() + RESET_TTL_SECONDS * 1000);
    try {
      await this.db.transaction(async (tx) => {
        const user = await this.users.findByEmailKey(address.key, tx);
        await this.resets.replace(
          tx,
          {
            id: randomUUID(),
            userId: user?.id,
            emailKey: address.key,
            tokenHash: hmac(this.config.keys.tokenHmac, token),
            expiresAt,
          },
          now,
        );
        const to = user
          ? { email: user.email, name: user.name, locale: user.locale }
          : { email: address.email, locale: ctx.locale };
        await this.mailer.passwordReset(tx, user !== undefined, to, token, expiresAt);
      });
    } catch (err) {
      this.log.error({ err }, 'password reset could not be stored');
      throw new AppError(AccountErrors.unavailable, undefined, 5);
    }
    // No wake: the worker finds the mail at its next poll (within a second). Waking it only when
    // a mail was kept would start its work right after this answer, on the same cores, and only
    // for addresses with an account: measured, that alone told the two apart (docs/account.md).
  }
}
