import { AppError } from '../../../common/errors/app-error';
import type { RateLimiter } from '../../rate-limit/rate-limit.port';
import { SignupErrors } from '../signup.errors';

export interface Rule {
  limit: number;
  windowSeconds: number;
}

/**
 * Every limit of the signup routes in one table (docs/signup.md repeats it). Address keys use the
 * lower-cased address whether or not an account exists, so a 429 says nothing about existence.
 */
export const LIMITS = {
  signupPerIp: { limit: 20, windowSeconds: 3600 },
  signupPerAddress: { limit: 5, windowSeconds: 3600 },
  /** The "someone tried to sign up with your address" notice: silently at most one per 15 min. */
  existsNoticePerAddress: { limit: 1, windowSeconds: 900 },
  verifyPerIp: { limit: 60, windowSeconds: 60 },
  resendPerMinute: { limit: 1, windowSeconds: 60 },
  resendPerDay: { limit: 10, windowSeconds: 86400 },
  /** Counts attempts; a successful login resets it, so in effect it counts failures. */
  loginPerAddress: { limit: 10, windowSeconds: 900 },
  loginPerIp: { limit: 100, windowSeconds: 900 },
} satisfies Record<string, Rule>;

/** Counts a hit and throws 429 rate_limited (with Retry-After) once the rule is exceeded. */
export async function enforce(limiter: RateLimiter, key: string, rule: Rule): Promise<void> {
  const d = await limiter.hit(key, rule.limit, rule.windowSeconds);
  if (!d.allowed) throw new AppError(SignupErrors.rateLimited, undefined, d.retryAfter);
}

/**
 * Layered rules (per IP, then per address…) counted in one round trip to the store, in order, as
 * consecutive `enforce` calls would count them: stops at the first rule exceeded and throws its 429.
 */
export async function enforceEach(
  limiter: RateLimiter,
  rules: ReadonlyArray<readonly [string, Rule]>,
): Promise<void> {
  const d = await limiter.hitEach(rules.map(([key, rule]) => ({ key, ...rule })));
  if (!d.allowed) throw new AppError(SignupErrors.rateLimited, undefined, d.retryAfter);
}
