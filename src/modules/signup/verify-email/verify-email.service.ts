import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { AppError, type ErrorSpec } from '../../../common/errors/app-error';
import type { AppConfig } from '../../../config/config';
import { CONFIG, DB, LOGGER } from '../../../core/tokens';
import type { Db, Queryable } from '../../../infra/db/db.port';
import {
  type AppMetrics,
  METRICS,
  type VerificationMethod,
  type VerificationOutcome,
} from '../../metrics/metrics.port';
import { RATE_LIMITER, type RateLimiter } from '../../rate-limit/rate-limit.port';
import {
  PENDING_SIGNUP_STORE,
  type PendingSignup,
  type PendingSignupStore,
} from '../database/pending-signup.store';
import { USER_REPOSITORY, type UserRepository } from '../database/user.repository';
import { CODE_SHAPE, TOKEN_SHAPE, hmac, sameHash } from '../domain/challenge.secrets';
import { emailProblem, parseEmail } from '../../../common/email/email-address';
import { LIMITS, enforce } from '../domain/signup.limits';
import { type UserView, toView } from '../domain/user.view';
import { SignupErrors } from '../signup.errors';

/** The transaction's verdict; errors are thrown after it ends so tries counted still commit. */
type Verdict = { user: UserView } | { error: ErrorSpec };

/** Notes the challenge a transaction consumed, so the store can be told how that transaction ended. */
type Consumed = (signup: PendingSignup) => PendingSignup;

/**
 * POST /users/email-verify. The challenge is settled and the account created in one transaction:
 * the first verified challenge of an address wins and revokes the others; a challenge that lost the
 * race to another one becomes revoked (409). Never a second user for one address: `users.email_key`
 * is unique, and the insert does nothing when it is taken.
 */
@Injectable()
export class VerifyEmailService {
  constructor(
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(DB) private readonly db: Db,
    @Inject(LOGGER) private readonly log: Logger,
    @Inject(RATE_LIMITER) private readonly limiter: RateLimiter,
    @Inject(PENDING_SIGNUP_STORE) private readonly pending: PendingSignupStore,
    @Inject(USER_REPOSITORY) private readonly users: UserRepository,
    @Inject(METRICS) private readonly metrics: AppMetrics,
  ) {}

  async byToken(token: string, ip: string): Promise<UserView> {
    await enforce(this.limiter, `verify-ip:${ip}`, LIMITS.verifyPerIp);
    if (!TOKEN_SHAPE.test(token)) throw this.rejected('link', SignupErrors.invalidToken);
    const tokenHash = hmac(this.config.keys.tokenHmac, token);
    const now = new Date();
    return this.settle('link', async (tx, consumed) => {
      const outcome = await this.pending.consumeToken(tx, tokenHash, now);
      switch (outcome.kind) {
        case 'invalid':
          return { error: SignupErrors.invalidToken };
        case 'settled':
          return { error: SignupErrors.alreadyVerified };
        case 'consumed':
          return this.promote(tx, consumed(outcome.signup), now);
      }
    });
  }

  async byCode(email: string, code: string, ip: string): Promise<UserView> {
    await enforce(this.limiter, `verify-ip:${ip}`, LIMITS.verifyPerIp);
    if (emailProblem(email) !== undefined || !CODE_SHAPE.test(code))
      throw this.rejected('code', SignupErrors.invalidCode);
    const { key } = parseEmail(email);
    const codeHash = hmac(this.config.keys.codeHmac, code);
    const now = new Date();
    return this.settle('code', async (tx, consumed) => {
      const live = await this.pending.liveCodes(tx, key, now);
      // Compare against every candidate without stopping early: timing says nothing about which.
      let match: string | undefined;
      for (const c of live) if (sameHash(c.codeHash, codeHash)) match ??= c.id;
      if (match !== undefined) {
        const signup = await this.pending.consumeById(tx, match, now);
        if (signup) return this.promote(tx, consumed(signup), now);
      }
      const settled = await this.pending.settledCodes(tx, key);
      if (settled.some((c) => sameHash(c.codeHash, codeHash))) return { error: SignupErrors.alreadyVerified };
      // The try was counted by liveCodes, before the comparison.
      return { error: SignupErrors.invalidCode };
    });
  }

  /**
   * Runs `work` in one transaction, then tells the store how it ended. A store inside the
   * transaction (SQL) has nothing left to do; a store outside it (Redis) finishes the claim once
   * the user row is committed, or puts the challenge back when the transaction failed, so a
   * PostgreSQL failure after the consume never loses the signup (docs/signup.md).
   */
  private async settle(
    method: VerificationMethod,
    work: (tx: Queryable, consumed: Consumed) => Promise<Verdict>,
  ): Promise<UserView> {
    let claimed: PendingSignup | undefined;
    const consumed: Consumed = (signup) => (claimed = signup);
    let verdict: Verdict;
    try {
      verdict = await this.db.transaction((tx) => work(tx, consumed));
    } catch (err) {
      if (claimed) await this.endClaim(claimed, false);
      throw err;
    }
    if (claimed) await this.endClaim(claimed, true);
    if ('error' in verdict) throw this.rejected(method, verdict.error);
    this.metrics.verification(method, 'verified');
    return verdict.user;
  }

  /** Best effort: an unended claim runs out with its lease (CLAIM_LEASE_MS), see docs/signup.md. */
  private async endClaim(signup: PendingSignup, committed: boolean): Promise<void> {
    try {
      await this.pending.endClaim(signup, committed);
    } catch (err) {
      this.log.warn({ err, committed }, 'could not end a signup claim; its lease will');
    }
  }

  /** Counts a refused verification by its error code (invalid_token, invalid_code, already_verified). */
  private rejected(method: VerificationMethod, error: ErrorSpec): AppError {
    this.metrics.verification(method, error.code as VerificationOutcome);
    return new AppError(error);
  }

  /** Copies the consumed challenge into `users` and revokes the address's other challenges. */
  private async promote(tx: Queryable, signup: PendingSignup, now: Date): Promise<Verdict> {
    const user = await this.users.insertIfAbsent(tx, {
      id: randomUUID(),
      email: signup.email,
      emailKey: signup.emailKey,
      emailDisplay: signup.emailDisplay,
      name: signup.name,
      passwordHash: signup.passwordHash,
      locale: signup.locale,
    });
    if (!user) {
      await this.pending.revoke(tx, signup.id, now);
      return { error: SignupErrors.alreadyVerified };
    }
    const revoked = await this.pending.revokeOthers(tx, signup.emailKey, signup.id, now);
    this.log.info({ userId: user.id, revoked }, 'signup verified');
    return { user: toView(user) };
  }
}
