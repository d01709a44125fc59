import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { emailKeyOf } from '../../../common/email/email-address';
import { DB } from '../../../core/tokens';
import type { Db } from '../../../infra/db/db.port';
import {
  type GuardedMail,
  SEND_GUARDS,
  type SendGuard,
  type SendGuards,
  type SendVerdict,
} from '../../mail/mail.port';
import { RATE_LIMITER, type RateLimiter } from '../../rate-limit/rate-limit.port';
import {
  PENDING_SIGNUP_STORE,
  type PendingSignupStore,
  type RotatedChallenge,
} from '../database/pending-signup.store';
import { USER_REPOSITORY, type UserRepository } from '../database/user.repository';
import { LIMITS } from '../domain/signup.limits';
import { ROTATION, SIGNUP_ID, SignupMailer } from '../notifications/signup.mailer';

/**
 * The 'signup-verify' mail's send guard (mail.port.ts, SendGuard), asked by the worker just before
 * it sends. POST /users stores a pending signup and enqueues its challenge for every address without
 * looking for an account (CreateSignupService); here, after the answer, the account is looked up.
 * Without one the mail goes out unchanged. With one (it existed already, or a concurrent signup of
 * the address was verified since), the signup is withdrawn and its challenge never leaves: the
 * owner is sent the "someone tried to sign up with your address" notice in the mail's place, at
 * most one per `existsNoticePerAddress` window; past it the mail ends `suppressed`. Either way the
 * stored link and code are wiped before anything is sent (MailDelivery).
 *
 * A resend's mail (POST /users/resend-verification, also enqueued for every address) carries a new
 * challenge's hashes instead of a signup: here it is given to the address's newest live signup and
 * the mail goes to that signup's address and name; with none, or with an account at the address,
 * the mail ends `suppressed`.
 */
@Injectable()
export class SignupVerifySendGuard implements SendGuard, OnModuleInit {
  constructor(
    @Inject(DB) private readonly db: Db,
    @Inject(SEND_GUARDS) private readonly guards: SendGuards,
    @Inject(RATE_LIMITER) private readonly limiter: RateLimiter,
    @Inject(PENDING_SIGNUP_STORE) private readonly pending: PendingSignupStore,
    @Inject(USER_REPOSITORY) private readonly users: UserRepository,
    private readonly mailer: SignupMailer,
  ) {}

  /** Before the worker starts (it starts at application bootstrap). */
  onModuleInit(): void {
    this.guards.register('signup-verify', this);
  }

  async check(mail: GuardedMail): Promise<SendVerdict> {
    const key = emailKeyOf(mail.to);
    if (key === undefined) return { kind: 'send' }; // not an address an account can have
    const owner = await this.users.findByEmailKey(key);
    const rotation = rotationOf(mail.data);
    if (rotation) {
      // A resend: its address's signups, if any, are withdrawn by their own mails' checks.
      if (owner) return { kind: 'drop', reason: 'the address has an account' };
      return this.rotate(key, rotation);
    }
    if (!owner) return { kind: 'send' };
    // First, and whatever the notice's fate: the challenge must not stay usable. A signup verified
    // meanwhile revoked it already; a retry of this check finds it revoked by the first.
    const signupId = mail.data[SIGNUP_ID];
    if (typeof signupId === 'string')
      await this.pending.withdraw({ id: signupId, emailKey: key }, new Date());
    // Throttled silently: the owner hears about attempts, but cannot be mail-bombed through us.
    const rule = LIMITS.existsNoticePerAddress;
    const notice = await this.limiter.hit(`signup-exists:${key}`, rule.limit, rule.windowSeconds);
    if (!notice.allowed) return { kind: 'drop', reason: 'the address has an account; notice throttled' };
    return {
      kind: 'replace',
      mail: this.mailer.existsNotice({ email: owner.email, name: owner.name, locale: owner.locale }),
    };
  }

  /** A resend's challenge goes to the address's newest live signup, and the mail to that signup. */
  private async rotate(emailKey: string, next: RotatedChallenge): Promise<SendVerdict> {
    // In a transaction: the SQL store takes the address's lock for it. A retry of this check (the
    // send failed) gives the same challenge to the same signup again.
    const rotated = await this.db.transaction((tx) =>
      this.pending.rotateNewest(tx, emailKey, next, new Date()),
    );
    if (!rotated) return { kind: 'drop', reason: 'nothing pending at this address' };
    return {
      kind: 'send',
      to: { address: rotated.email, name: rotated.name },
      data: { name: rotated.name },
    };
  }
}

/** A resend's challenge, from its mail's values (SignupMailer.resend); undefined for a signup's mail. */
function rotationOf(data: GuardedMail['data']): RotatedChallenge | undefined {
  const tokenHash = data[ROTATION.tokenHash];
  const codeHash = data[ROTATION.codeHash];
  if (typeof tokenHash !== 'string' || typeof codeHash !== 'string') return undefined;
  return {
    tokenHash: Buffer.from(tokenHash, 'hex'),
    codeHash: Buffer.from(codeHash, 'hex'),
    expiresAt: new Date(String(data.linkExpiresAt)),
    codeExpiresAt: new Date(String(data.codeExpiresAt)),
  };
}
