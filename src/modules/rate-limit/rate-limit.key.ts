import { createHmac } from 'node:crypto';

/**
 * The stored form of a rate-limit key. Keys name people (an address, an IP), so every store keeps
 * them as an HMAC under the lookup key: its scope stays readable for operators, the subject cannot
 * be read back without JWT_SECRET.
 */
export function storedRateKey(lookupKey: Buffer, key: string): string {
  const cut = key.indexOf(':');
  const scope = cut === -1 ? '' : key.slice(0, cut);
  const digest = createHmac('sha256', lookupKey).update(key).digest('base64url');
  return scope ? `${scope}:${digest}` : digest;
}
