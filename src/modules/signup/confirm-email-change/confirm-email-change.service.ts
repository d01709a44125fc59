import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { emailProblem, parseEmail } from '../../../common/email/email-address';
import { AppError, type ErrorSpec } from '../../../common/errors/app-error';
import type { AppConfig } from '../../../config/config';
import { CONFIG, DB, LOGGER } from '../../../core/tokens';
import { type Db, type Queryable, isUniqueViolation } from '../../../infra/db/db.port';
import { RATE_LIMITER, type RateLimiter } from '../../rate-limit/rate-limit.port';
import { AccountErrors } from '../account.errors';
import { EMAIL_CHANGE_STORE, type EmailChange, type EmailChangeStore } from '../database/email-change.store';
import { PASSWORD_RESET_STORE, type PasswordResetStore } from '../database/password-reset.store';
import { USER_REPOSITORY, type UserRepository } from '../database/user.repository';
import { ACCOUNT_LIMITS } from '../domain/account.limits';
import { CODE_SHAPE, TOKEN_SHAPE, hmac, sameHash } from '../domain/challenge.secrets';
import { enforce } from '../domain/signup.limits';
import { type UserView, toView } from '../domain/user.view';

type Verdict = { user: UserView } | { error: ErrorSpec };

/**
 * POST /users/email-change/confirm, by link token or by the new address and its code. One
 * transaction settles the request and moves the account; both take the new address's lock (the
 * one signup verification takes) before anything else, so two accounts confirming one address, or
 * a signup verified for it at the same time, are serialised: the first wins, the other gets 409
 * email_taken (a signup: 409 already_verified). `users.email_key` stays unique in any case.
 */
@Injectable()
export class ConfirmEmailChangeService {
  constructor(
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(DB) private readonly db: Db,
    @Inject(LOGGER) private readonly log: Logger,
    @Inject(RATE_LIMITER) private readonly limiter: RateLimiter,
    @Inject(EMAIL_CHANGE_STORE) private readonly changes: EmailChangeStore,
    @Inject(PASSWORD_RESET_STORE) private readonly resets: PasswordResetStore,
    @Inject(USER_REPOSITORY) private readonly users: UserRepository,
  ) {}

  async byToken(token: string, ip: string): Promise<UserView> {
    await enforce(this.limiter, `email-confirm-ip:${ip}`, ACCOUNT_LIMITS.confirmPerIp);
    if (!TOKEN_SHAPE.test(token)) throw new AppError(AccountErrors.invalidToken);
    const tokenHash = hmac(this.config.keys.tokenHmac, token);
    const now = new Date();
    return this.settle(async (tx) => {
      const outcome = await this.changes.consumeToken(tx, tokenHash, now);
      switch (outcome.kind) {
        case 'invalid':
          return { error: AccountErrors.invalidToken };
        case 'settled':
          return { error: AccountErrors.alreadyUsed };
        case 'consumed':
          return this.apply(tx, outcome.change, now);
      }
    });
  }

  async byCode(email: string, code: string, ip: string): Promise<UserView> {
    await enforce(this.limiter, `email-confirm-ip:${ip}`, ACCOUNT_LIMITS.confirmPerIp);
    if (emailProblem(email) !== undefined || !CODE_SHAPE.test(code))
      throw new AppError(AccountErrors.invalidCode);
    const { key } = parseEmail(email);
    const codeHash = hmac(this.config.keys.codeHmac, code);
    const now = new Date();
    return this.settle(async (tx) => {
      const live = await this.changes.liveCodes(tx, key, now);
      // Every candidate is compared, without stopping early: timing says nothing about which.
      let match: string | undefined;
      for (const c of live) if (sameHash(c.codeHash, codeHash)) match ??= c.id;
      if (match !== undefined) {
        const change = await this.changes.consumeById(tx, match, now);
        if (change) return this.apply(tx, change, now);
      }
      const settled = await this.changes.settledCodes(tx, key);
      if (settled.some((c) => sameHash(c.codeHash, codeHash))) return { error: AccountErrors.alreadyUsed };
      await this.changes.addCodeFailure(
        tx,
        live.map((c) => c.id),
      );
      return { error: AccountErrors.invalidCode };
    });
  }

  /** Errors are raised after the transaction commits, so code failures and revocations are kept. */
  private async settle(work: (tx: Queryable) => Promise<Verdict>): Promise<UserView> {
    let verdict: Verdict;
    try {
      verdict = await this.db.transaction(work);
    } catch (err) {
      // A writer that skipped the address lock got there first; the transaction was rolled back.
      if (!isUniqueViolation(err)) throw err;
      verdict = { error: AccountErrors.emailTaken };
    }
    if ('error' in verdict) throw new AppError(verdict.error);
    return verdict.user;
  }

  private async apply(tx: Queryable, change: EmailChange, now: Date): Promise<Verdict> {
    const moved = await this.users.changeEmail(
      tx,
      change.userId,
      { email: change.newEmail, emailKey: change.newEmailKey, emailDisplay: change.newEmailDisplay },
      false,
    );
    if (moved.kind === 'changed') {
      // Reset links mailed to the address the account just left die with the move: a reset
      // request revokes earlier ones by address only (the same statement whether or not an
      // account exists), so the account's own are revoked here.
      await this.resets.revokeAll(tx, change.userId, now);
      this.log.info({ userId: change.userId }, 'email change confirmed');
      return { user: toView(moved.user) };
    }
    await this.changes.revoke(tx, change.id, now);
    return { error: moved.kind === 'taken' ? AccountErrors.emailTaken : AccountErrors.invalidToken };
  }
}
