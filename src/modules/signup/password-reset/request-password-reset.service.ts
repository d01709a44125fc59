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
import { ACCOUNT_LIMITS, RESET_TTL_SECONDS } from '../domain/account.limits';
import { hmac, newToken } from '../domain/challenge.secrets';
import { enforce } from '../domain/signup.limits';
import type { RequestContext } from '../http/request-context';
import { AccountMailer } from '../notifications/account.mailer';

/**
 * POST /users/password-reset. The same work for every address BY CONSTRUCTION: nothing here knows
 * whether the address has an account. The limits are keyed by the address, a token is drawn and
 * HMAC'd, and one transaction revokes the address's earlier requests, stores this one bound to no
 * account, and enqueues the mail to the address (kept for every address). Whether anyone gets it is
 * decided after the answer, by the worker, through the mail's send guard (PasswordResetSendGuard):
 * it binds the row to the address's account and sends, or ends the mail unsent. The answer is
 * always the same 202.
 */
@Injectable()
export class RequestPasswordResetService {
  constructor(
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(DB) private readonly db: Db,
    @Inject(LOGGER) private readonly log: Logger,
    @Inject(RATE_LIMITER) private readonly limiter: RateLimiter,
    @Inject(PASSWORD_RESET_STORE) private readonly resets: PasswordResetStore,
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
        const id = randomUUID();
        await this.resets.replace(
          tx,
          { id, emailKey: address.key, tokenHash: hmac(this.config.keys.tokenHmac, token), expiresAt },
          now,
        );
        await this.mailer.passwordReset(
          tx,
          id,
          { email: address.email, locale: ctx.locale },
          token,
          expiresAt,
        );
      });
    } catch (err) {
      this.log.error({ err }, 'password reset could not be stored');
      throw new AppError(AccountErrors.unavailable, undefined, 5);
    }
    // No wake: the worker finds the mail at its next poll (within a second), so nothing starts
    // right after this answer on the same cores either (docs/account.md, "Timing").
  }
}
