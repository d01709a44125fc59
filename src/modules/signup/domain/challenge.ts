import type { DerivedKeys } from '../../../config/keys';
import { hmac, newCode, newToken } from './challenge.secrets';

/** A fresh link token and code with their stored forms and lifetimes. */
export interface Challenge {
  token: string;
  code: string;
  tokenHash: Buffer;
  codeHash: Buffer;
  expiresAt: Date;
  codeExpiresAt: Date;
}

export function issueChallenge(
  keys: Pick<DerivedKeys, 'tokenHmac' | 'codeHmac'>,
  ttl: { tokenTtlSeconds: number; codeTtlSeconds: number },
  now: Date,
): Challenge {
  const token = newToken();
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
