import { createHash, createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

/**
 * The one-time secrets of a signup challenge. Only their HMACs are stored: a database leak gives no
 * usable link, and a 6-digit code (10^6 values, trivially brute-forced under a plain hash) cannot be
 * recovered without the server key.
 */

/** 32 random bytes, base64url: the link token. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Characters of a signup link token that name its address's slot (see `challengeSlot`). */
export const SLOT_LENGTH = 4;

/**
 * The slot of an address's pending signups: 4 base64url characters (24 bits) of SHA-256 of the
 * address key. A store on Redis Cluster puts every key of the address's signups under the hash tag
 * `{slot}`, so one script can touch the record, its token and the address index; a link token begins
 * with its slot, so a verify by link finds that group without a lookup. Not secret: it says nothing
 * a guess of the address would not, and the token keeps its full 32 random bytes (256 bits) after it.
 */
export function challengeSlot(emailKey: string): string {
  return createHash('sha256').update(emailKey).digest('base64url').slice(0, SLOT_LENGTH);
}

/** A signup link token: its address's slot, then 32 random bytes (4 + 43 = 47 characters). */
export function newSlottedToken(emailKey: string): string {
  return challengeSlot(emailKey) + newToken();
}

/** Six decimal digits, uniformly drawn (randomInt avoids modulo bias). */
export function newCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
}

export function hmac(key: Buffer, value: string): Buffer {
  return createHmac('sha256', key).update(value).digest();
}

/** Constant-time equality of two HMACs (lengths are public: both are SHA-256 outputs). */
export function sameHash(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Link tokens are base64url of 32 bytes; anything else is refused before touching the store. */
export const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;
/** Signup link tokens: the slot, then base64url of 32 bytes. */
export const SIGNUP_TOKEN_SHAPE = /^[A-Za-z0-9_-]{47}$/;
export const CODE_SHAPE = /^[0-9]{6}$/;
