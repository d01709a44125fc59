import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Seals the one-time secrets an outbox row carries (a verification link, a code) with AES-256-GCM.
 * Layout: 12-byte random nonce ‖ ciphertext ‖ 16-byte tag. The message id is the additional
 * authenticated data, so a sealed blob copied onto another row does not open there: the secrets
 * meant for one recipient can never be mailed to another by moving bytes in the database.
 */
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

export function sealSecrets(key: Buffer, messageId: string, secrets: Record<string, string>): Buffer {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(Buffer.from(messageId));
  const body = Buffer.concat([cipher.update(JSON.stringify(secrets), 'utf8'), cipher.final()]);
  return Buffer.concat([nonce, body, cipher.getAuthTag()]);
}

/** Throws when the blob was altered, belongs to another message or was sealed with another key. */
export function openSecrets(key: Buffer, messageId: string, sealed: Uint8Array): Record<string, string> {
  const blob = Buffer.from(sealed);
  if (blob.length < NONCE_BYTES + TAG_BYTES) throw new Error('sealed secrets are truncated');
  const decipher = createDecipheriv('aes-256-gcm', key, blob.subarray(0, NONCE_BYTES));
  decipher.setAAD(Buffer.from(messageId));
  decipher.setAuthTag(blob.subarray(blob.length - TAG_BYTES));
  const plain = Buffer.concat([
    decipher.update(blob.subarray(NONCE_BYTES, blob.length - TAG_BYTES)),
    decipher.final(),
  ]);
  const value = JSON.parse(plain.toString('utf8')) as unknown;
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new Error('sealed secrets are not an object');
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, String(v)]));
}
