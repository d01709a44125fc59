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
import { USER_REPOSITORY, type UserRepository } from '../database/user.repository';
import { issueChallenge } from '../domain/challenge';
import { parseEmail } from '../../../common/email/email-address';
import { PasswordHasher } from '../domain/password.hasher';
import { LIMITS, enforceEach } from '../domain/signup.limits';
import type { RequestContext } from '../http/request-context';
import { SignupMailer } from '../notifications/signup.mailer';
import { SignupErrors } from '../signup.errors';
import type { CreateSignupBody } from './create-signup.dto';

/**
 * POST /users. Nothing becomes a user here: the attempt is stored as its own pending record (with
 * the password already hashed) and its challenge mail is queued in the same transaction. An address
 * that already has an account gets a notice instead, after the same hashing work, so the answer
 * and its timing do not reveal which case applied.
 */
@Injectable()
export class CreateSignupService {
  constructor(
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(DB) private readonly db: Db,
    @Inject(LOGGER) private readonly log: Logger,
    @Inject(RATE_LIMITER) private readonly limiter: RateLimiter,
    @Inject(PENDING_SIGNUP_STORE) private readonly pending: PendingSignupStore,
    @Inject(USER_REPOSITORY) private readonly users: UserRepository,
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
    // Always hash, whatever the address turns out to be: same cost for every answer.
    const passwordHash = await this.hasher.hash(body.password);
    const name = body.name.trim();
    try {
      const existing = await this.users.findByEmailKey(address.key);
      if (existing) {
        // Throttled silently: the owner hears about attempts, but cannot be mail-bombed through us.
        const notice = await this.limiter.hit(
          `signup-exists:${address.key}`,
          LIMITS.existsNoticePerAddress.limit,
          LIMITS.existsNoticePerAddress.windowSeconds,
        );
        // Written even when throttled, and kept only when allowed: the same work either way.
        await this.db.transaction((tx) =>
          this.mailer.existsIf(tx, notice.allowed, {
            email: existing.email,
            name: existing.name,
            locale: existing.locale,
          }),
        );
      } else {
        const now = new Date();
        const challenge = issueChallenge(this.config.keys, this.config.signup, now, address.key);
        const id = randomUUID();
        try {
          await this.db.transaction(async (tx) => {
            await this.mailer.verify(tx, { email: address.email, name, locale: ctx.locale }, challenge);
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
          throw err;
        }
        this.metrics.signupStarted();
      }
    } catch (err) {
      // An outage keeps its own code (database_unavailable, redis_unavailable) from the error filter.
      if (err instanceof AppError || dependencyOutage(err)) throw err;
      this.log.error({ err }, 'signup could not be stored');
      throw new AppError(SignupErrors.unavailable, undefined, 5);
    }
    this.mailer.wake();
  }
}
