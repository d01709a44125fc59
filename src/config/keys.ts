import { hkdfSync } from 'node:crypto';

/**
 * Every other server key comes from JWT_SECRET through HKDF with its own label, so production needs one
 * secret while no key serves two purposes.
 */
export interface DerivedKeys {
  /** HS256 signing key for access tokens: JWT_SECRET itself, so other services can verify them. */
  jwt: Uint8Array;
  /** HMAC key for hashing 6-digit codes at rest (a plain hash of 10^6 values is brute-forced instantly). */
  codeHmac: Buffer;
  /** HMAC key for link tokens at rest. */
  tokenHmac: Buffer;
  /** AES-256-GCM key sealing the one-time secrets an outbox row carries until its mail is sent. */
  seal: Buffer;
  /** HMAC key for rate-limit and other lookup keys that must not reveal an address. */
  lookup: Buffer;
}

function derive(secret: string, label: string): Buffer {
  return Buffer.from(hkdfSync('sha256', Buffer.from(secret), Buffer.alloc(0), `mailgate:${label}`, 32));
}

export function deriveKeys(secret: string): DerivedKeys {
  return {
    jwt: new Uint8Array(Buffer.from(secret)),
    codeHmac: derive(secret, 'code'),
    tokenHmac: derive(secret, 'token'),
    seal: derive(secret, 'seal'),
    lookup: derive(secret, 'lookup'),
  };
}
