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
  type ClaimEnding,
  PENDING_SIGNUP_STORE,
  type PendingSignup,
  type PendingSignupStore,
} from '../database/pending-signup.store';
import { USER_REPOSITORY, type UserRepository } from '../database/user.repository';
import { CODE_SHAPE, SIGNUP_TOKEN_SHAPE, SLOT_LENGTH, hmac, sameHash } from '../domain/challenge.secrets';
import { emailProblem, parseEmail } from '../../../common/email/email-address';
import { LIMITS, enforce } from '../domain/signup.limits';
import { type UserView, toView } from '../domain/user.view';
import { SignupErrors } from '../signup.errors';

/** The transaction's verdict; errors are thrown after it ends so tries counted still commit. */
type Verdict = { user: UserView } | { error: ErrorSpec };

/**
 * The challenge a verify consumed and how its transaction went, so a store outside the transaction
 * (Redis) can be told afterwards (`endClaim`).
 */
interface Claim {
  signup?: PendingSignup;
  ending: Exclude<ClaimEnding, 'failed'>;
}

/**
 * POST /users/email-verify. The challenge is settled and the account created atomically: the first
 * verified challenge of an address wins and revokes the others; a challenge that lost the race to
 * another one becomes revoked (409). Never a second user for one address: `users.email_key` is
 * unique, and the insert does nothing when it is taken.
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
    if (!SIGNUP_TOKEN_SHAPE.test(token)) throw this.rejected('link', SignupErrors.invalidToken);
    const ref = { hash: hmac(this.config.keys.tokenHmac, token), slot: token.slice(0, SLOT_LENGTH) };
    const now = new Date();
    return this.settle('link', now, async (tx, claim) => {
      const outcome = await this.pending.consumeToken(tx, ref, now);
      switch (outcome.kind) {
        case 'invalid':
          return { error: SignupErrors.invalidToken };
        case 'settled':
          return { error: SignupErrors.alreadyVerified };
        case 'consumed':
          claim.signup = outcome.signup;
          return this.promote(tx, claim, outcome.signup, now);
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
    return this.settle('code', now, async (tx, claim) => {
      const live = await this.pending.liveCodes(tx, key, now);
      // Compare against every candidate without stopping early: timing says nothing about which.
      let match: string | undefined;
      for (const c of live) if (sameHash(c.codeHash, codeHash)) match ??= c.id;
      if (match !== undefined) {
        const signup = await this.pending.consumeById(tx, key, match, now);
        if (signup) {
          claim.signup = signup;
          return this.promote(tx, claim, signup, now);
        }
      }
      const settled = await this.pending.settledCodes(tx, key);
      if (settled.some((c) => sameHash(c.codeHash, codeHash))) return { error: SignupErrors.alreadyVerified };
      // The try was counted by liveCodes, before the comparison.
      return { error: SignupErrors.invalidCode };
    });
  }

  /**
   * Runs `work` in one transaction, then tells the store how it ended. A store inside the
   * transaction (SQL) has nothing left to do. With a store outside it (Redis) the only SQL left is
   * the user's INSERT, so it runs autocommitted (one round trip, no BEGIN/COMMIT); then one step
   * settles the claim and revokes the address's other challenges, or puts the challenge back when
   * the INSERT failed, so a PostgreSQL failure after the consume never loses the signup
   * (docs/signup.md).
   */
  private async settle(
    method: VerificationMethod,
    now: Date,
    work: (tx: Queryable, claim: Claim) => Promise<Verdict>,
  ): Promise<UserView> {
    const claim: Claim = { ending: 'verified' };
    let verdict: Verdict;
    try {
      verdict = this.pending.joinsTransaction
        ? await this.db.transaction((tx) => work(tx, claim))
        : await work(this.db, claim);
    } catch (err) {
      // Awaited: a client retrying after this 503 must find its challenge pending again.
      if (claim.signup) await this.endClaim(claim.signup, 'failed', now);
      throw err;
    }
    // Not awaited: the outcome is committed and the claim already answers a replay with 409 (it
    // is not open to anyone until it ends or its lease runs out), so the answer need not wait.
    if (claim.signup) void this.endClaim(claim.signup, claim.ending, now);
    if ('error' in verdict) throw this.rejected(method, verdict.error);
    this.metrics.verification(method, 'verified');
    return verdict.user;
  }

  /** Best effort: an unended claim runs out with its lease (CLAIM_LEASE_MS), see docs/signup.md. */
  private async endClaim(signup: PendingSignup, ending: ClaimEnding, now: Date): Promise<void> {
    try {
      await this.pending.endClaim(signup, ending, now);
    } catch (err) {
      this.log.warn({ err, ending }, 'could not end a signup claim; its lease will');
    }
  }

  /** Counts a refused verification by its error code (invalid_token, invalid_code, already_verified). */
  private rejected(method: VerificationMethod, error: ErrorSpec): AppError {
    this.metrics.verification(method, error.code as VerificationOutcome);
    return new AppError(error);
  }

  /**
   * Copies the consumed challenge into `users`; the first verified challenge of an address wins and
   * revokes the others (inside the transaction for a store that joins it, else by `endClaim`).
   */
  private async promote(tx: Queryable, claim: Claim, signup: PendingSignup, now: Date): Promise<Verdict> {
    const user = await this.users.insertIfAbsent(tx, {
      id: randomUUID(),
      email: signup.email,
      emailKey: signup.emailKey,
      emailDisplay: signup.emailDisplay,
      name: signup.name,
      passwordHash: signup.passwordHash,
      locale: signup.locale,
    });
    claim.ending = user ? 'verified' : 'lost';
    if (this.pending.joinsTransaction) {
      if (!user) await this.pending.revoke(tx, signup, now);
      else await this.pending.revokeOthers(tx, signup.emailKey, signup.id, now);
    }
    if (!user) return { error: SignupErrors.alreadyVerified };
    this.log.info({ userId: user.id }, 'signup verified');
    return { user: toView(user) };
  }
}
