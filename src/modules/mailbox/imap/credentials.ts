import { createHash, timingSafeEqual } from 'node:crypto';
import { normalizeAddress } from '../mailbox.store';

/**
 * The dev mailbox's login rule (CONTRACT §5): the user name is a recipient address (any case),
 * the password is MAILBOX_PASSWORD. Compared through hashes in constant time so the answer's
 * timing says nothing about how much of the password was right.
 */
export function checkCredentials(user: string, password: string, expected: string): string | undefined {
  const address = normalizeAddress(user);
  if (!address || address.length > 320 || [...address].some((c) => c.charCodeAt(0) <= 0x20)) return undefined;
  const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();
  return timingSafeEqual(digest(password), digest(expected)) ? address : undefined;
}
