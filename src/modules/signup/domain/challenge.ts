import type { DerivedKeys } from '../../../config/keys';
import { hmac, newCode, newSlottedToken, newToken } from './challenge.secrets';

/** A fresh link token and code with their stored forms and lifetimes. */
export interface Challenge {
  token: string;
  code: string;
  tokenHash: Buffer;
  codeHash: Buffer;
  expiresAt: Date;
  codeExpiresAt: Date;
}

/**
 * `emailKey` is given for a signup challenge: its link token then begins with the address's slot
 * (`challengeSlot`), so the pending-signup store can find the address's keys from the token alone.
 */
export function issueChallenge(
  keys: Pick<DerivedKeys, 'tokenHmac' | 'codeHmac'>,
  ttl: { tokenTtlSeconds: number; codeTtlSeconds: number },
  now: Date,
  emailKey?: string,
): Challenge {
  const token = emailKey === undefined ? newToken() : newSlottedToken(emailKey);
  const code = newCode();
  return {
    token,
    code,
    tokenHash: hmac(keys.tokenHmac, token),
    codeHash: hmac(keys.codeHmac, code),
    expiresAt: new Date(now.getTime() + ttl.tokenTtlSeconds * 1000),
    codeExpiresAt: new Date(now.getTime() + ttl.codeTtlSeconds * 1000),
  };
}
