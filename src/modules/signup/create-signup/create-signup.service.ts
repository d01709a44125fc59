import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { dependencyOutage } from '../../../common/errors/outage';
import { AppError } from '../../../common/errors/app-error';
import type { AppConfig } from '../../../config/config';
import { CONFIG, DB, LOGGER } from '../../../core/tokens';
import type { Db } from '../../../infra/db/db.port';
import { type AppMetrics, METRICS } from '../../metrics/metrics.port';
import { RATE_LIMITER, type RateLimiter } from '../../rate-limit/rate-limit.port';
import { PENDING_SIGNUP_STORE, type PendingSignupStore } from '../database/pending-signup.store';
import { issueChallenge } from '../domain/challenge';
import { parseEmail } from '../../../common/email/email-address';
import { PasswordHasher } from '../domain/password.hasher';
import { LIMITS, enforceEach } from '../domain/signup.limits';
import type { RequestContext } from '../http/request-context';
import { SignupMailer } from '../notifications/signup.mailer';
import { SignupErrors } from '../signup.errors';
import type { CreateSignupBody } from './create-signup.dto';

/**
 * POST /users. The same work for every address BY CONSTRUCTION: nothing here knows whether the
 * address has an account. The attempt is stored as its own pending record (with the password
 * already hashed) and its challenge mail is queued in the same transaction, for every address.
 * Whether the challenge goes out is decided after the answer, by the worker, through the mail's
 * send guard (SignupVerifySendGuard): to an address that has an account it withdraws the record and
 * sends the owner the account-exists notice in the mail's place (docs/signup.md, "Enumeration").
 */
@Injectable()
export class CreateSignupService {
  constructor(
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(DB) private readonly db: Db,
    @Inject(LOGGER) private readonly log: Logger,
    @Inject(RATE_LIMITER) private readonly limiter: RateLimiter,
    @Inject(PENDING_SIGNUP_STORE) private readonly pending: PendingSignupStore,
    private readonly hasher: PasswordHasher,
    private readonly mailer: SignupMailer,
    @Inject(METRICS) private readonly metrics: AppMetrics,
  ) {}

  async create(body: CreateSignupBody, ctx: RequestContext): Promise<void> {
    const address = parseEmail(body.email);
    await enforceEach(this.limiter, [
      [`signup-ip:${ctx.ip}`, LIMITS.signupPerIp],
      [`signup-address:${address.key}`, LIMITS.signupPerAddress],
    ]);
    const passwordHash = await this.hasher.hash(body.password);
    const name = body.name.trim();
    const challenge = issueChallenge(this.config.keys, this.config.signup, new Date(), address.key);
    const id = randomUUID();
    try {
      await this.db.transaction(async (tx) => {
        await this.mailer.verify(tx, id, { email: address.email, name, locale: ctx.locale }, challenge);
        // Last: a store outside the transaction (Redis) writes only once the mail is queued in it.
        await this.pending.create(tx, {
          id,
          emailKey: address.key,
          email: address.email,
          emailDisplay: address.display,
          name,
          passwordHash,
          locale: ctx.locale,
          tokenHash: challenge.tokenHash,
          codeHash: challenge.codeHash,
          expiresAt: challenge.expiresAt,
          codeExpiresAt: challenge.codeExpiresAt,
        });
      });
    } catch (err) {
      // The mail rolled back: a record kept outside the transaction would be a challenge nobody got.
      await this.pending
        .discard({ id, emailKey: address.key })
        .catch((e: unknown) => this.log.warn({ err: e }, 'discard failed'));
      // An outage keeps its own code (database_unavailable, redis_unavailable) from the error filter.
      if (err instanceof AppError || dependencyOutage(err)) throw err;
      this.log.error({ err }, 'signup could not be stored');
      throw new AppError(SignupErrors.unavailable, undefined, 5);
    }
    this.metrics.signupStarted();
    this.mailer.wake();
  }
}
