import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '../../../config/config';
import { CONFIG, DB } from '../../../core/tokens';
import type { Db } from '../../../infra/db/db.port';
import { RATE_LIMITER, type RateLimiter } from '../../rate-limit/rate-limit.port';
import {
  PENDING_SIGNUP_STORE,
  type PendingSignup,
  type PendingSignupStore,
} from '../database/pending-signup.store';
import { issueChallenge } from '../domain/challenge';
import { parseEmail } from '../../../common/email/email-address';
import { LIMITS, enforceEach } from '../domain/signup.limits';
import type { RequestContext } from '../http/request-context';
import { SignupMailer } from '../notifications/signup.mailer';

/**
 * POST /users/resend-verification. The newest live challenge of the address gets a fresh token and
 * code (the old link and code stop working, its code failures reset) and a new mail. Addresses
 * with an account or with nothing pending are sent nothing, after the same work (the mail is
 * rendered and inserted, then rolled back: MailOutbox.enqueueIf); the answer is the same 202 for
 * all, and the limits are keyed by the address whatever it is.
 */
@Injectable()
export class ResendVerificationService {
  constructor(
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(DB) private readonly db: Db,
    @Inject(RATE_LIMITER) private readonly limiter: RateLimiter,
    @Inject(PENDING_SIGNUP_STORE) private readonly pending: PendingSignupStore,
    private readonly mailer: SignupMailer,
  ) {}

  async resend(email: string, ctx: RequestContext): Promise<void> {
    const address = parseEmail(email);
    await enforceEach(this.limiter, [
      [`resend-minute:${address.key}`, LIMITS.resendPerMinute],
      [`resend-day:${address.key}`, LIMITS.resendPerDay],
    ]);
    const now = new Date();
    const challenge = issueChallenge(this.config.keys, this.config.signup, now, address.key);
    let rotated: PendingSignup | undefined;
    try {
      await this.db.transaction(async (tx) => {
        rotated = await this.pending.rotateNewest(tx, address.key, challenge, now);
        // Rendered, sealed and inserted for every address, kept only for a live signup.
        // The record's id for the send guard (a fresh one, of the same shape, when nothing rotated).
        await this.mailer.verifyIf(
          tx,
          rotated !== undefined,
          rotated?.id ?? randomUUID(),
          { email: rotated?.email ?? address.email, name: rotated?.name, locale: ctx.locale },
          challenge,
        );
      });
    } catch (err) {
      // The new mail rolled back: the old link and code must keep working (a no-op for SQL). The
      // caller sees the original error; if the undo fails too, the user resends (docs/signup.md).
      if (rotated) await this.pending.unrotate(rotated).catch(() => undefined);
      throw err;
    }
    // No wake, as for password reset: the worker's poll finds the mail within a second, and a wake
    // for live signups only would start work right after the answer for them alone.
  }
}
