import type { Rule } from './signup.limits';

/**
 * The limits of password reset and email change (docs/account.md repeats them), enforced with
 * signup.limits' `enforce` (429 rate_limited with Retry-After). Address keys use the lower-cased
 * address whether or not an account exists, so a 429 says nothing about existence.
 */
export const ACCOUNT_LIMITS = {
  resetPerIp: { limit: 20, windowSeconds: 3600 },
  /** As resend-verification: one mail a minute and ten a day per address. */
  resetPerMinute: { limit: 1, windowSeconds: 60 },
  resetPerDay: { limit: 10, windowSeconds: 86400 },
  /** Reset confirm, email-change confirm and undo: like signup verification. */
  confirmPerIp: { limit: 60, windowSeconds: 60 },
  /** Change requests per account, wrong passwords included (so also a password-guessing limit). */
  emailChangePerUser: { limit: 5, windowSeconds: 3600 },
  /** Change requests naming one new address, from any account: no mail-bombing a stranger. */
  emailChangePerAddress: { limit: 5, windowSeconds: 3600 },
} satisfies Record<string, Rule>;

/** How long a reset link lives (CONTRACT §4: 30 minutes) and how long the old address may undo. */
export const RESET_TTL_SECONDS = 30 * 60;
export const UNDO_TTL_SECONDS = 7 * 24 * 3600;
