import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '../../../config/config';
import { CONFIG, DB } from '../../../core/tokens';
import type { Db } from '../../../infra/db/db.port';
import { RATE_LIMITER, type RateLimiter } from '../../rate-limit/rate-limit.port';
import { issueChallenge } from '../domain/challenge';
import { parseEmail } from '../../../common/email/email-address';
import { LIMITS, enforceEach } from '../domain/signup.limits';
import type { RequestContext } from '../http/request-context';
import { SignupMailer } from '../notifications/signup.mailer';

/**
 * POST /users/resend-verification. The same work for every address BY CONSTRUCTION: nothing here
 * knows whether the address has a live signup or an account. The limits are keyed by the address,
 * a new challenge is drawn, and its mail is enqueued to the address (kept for every address, with
 * the challenge's hashes). After the answer the mail's send guard (SignupVerifySendGuard) gives the
 * new challenge to the address's newest live signup (its old link and code stop working, its code
 * failures reset) and sends the mail to it; with nothing pending, or an account at the address, the
 * mail ends `suppressed` unsent. The answer is always the same 202.
 */
@Injectable()
export class ResendVerificationService {
  constructor(
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(DB) private readonly db: Db,
    @Inject(RATE_LIMITER) private readonly limiter: RateLimiter,
    private readonly mailer: SignupMailer,
  ) {}

  async resend(email: string, ctx: RequestContext): Promise<void> {
    const address = parseEmail(email);
    await enforceEach(this.limiter, [
      [`resend-minute:${address.key}`, LIMITS.resendPerMinute],
      [`resend-day:${address.key}`, LIMITS.resendPerDay],
    ]);
    const challenge = issueChallenge(this.config.keys, this.config.signup, new Date(), address.key);
    await this.db.transaction((tx) =>
      this.mailer.resend(tx, { email: address.email, locale: ctx.locale }, challenge),
    );
    // No wake, as for password reset: the worker's poll finds the mail within a second, and nothing
    // starts right after the answer on the same cores either.
  }
}
