"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.sealSecrets = sealSecrets;
exports.openSecrets = openSecrets;
const node_crypto_1 = require("node:crypto");
/**
 * Seals the one-time secrets an outbox row carries (a verification link, a code) with AES-256-GCM.
 * Layout: 12-byte random nonce ‖ ciphertext ‖ 16-byte tag. The message id is the additional
 * authenticated data, so a sealed blob copied onto another row does not open there: the secrets
 * meant for one recipient can never be mailed to another by moving bytes in the database.
 */
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
function sealSecrets(key, messageId, secrets) {
    const nonce = (0, node_crypto_1.randomBytes)(NONCE_BYTES);
    const cipher = (0, node_crypto_1.createCipheriv)('aes-256-gcm', key, nonce);
    cipher.setAAD(Buffer.from(messageId));
    const body = Buffer.concat([cipher.update(JSON.stringify(secrets), 'utf8'), cipher.final()]);
    return Buffer.concat([nonce, body, cipher.getAuthTag()]);
}
/** Throws when the blob was altered, belongs to another message or was sealed with another key. */
function openSecrets(key, messageId, sealed) {
    const blob = Buffer.from(sealed);
    if (blob.length < NONCE_BYTES + TAG_BYTES)
        throw new Error('sealed secrets are truncated');
    const decipher = (0, node_crypto_1.createDecipheriv)('aes-256-gcm', key, blob.subarray(0, NONCE_BYTES));
    decipher.setAAD(Buffer.from(messageId));
    decipher.setAuthTag(blob.subarray(blob.length - TAG_BYTES));
    const plain = Buffer.concat([
        decipher.update(blob.subarray(NONCE_BYTES, blob.length - TAG_BYTES)),
        decipher.final(),
    ]);
    const value = JSON.parse(plain.toString('utf8'));
    if (typeof value !== 'object' || value === null || Array.isArray(value))
        throw new Error('sealed secrets are not an object');
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, String(v)]));
}
//# sourceMappingURL=secrets.seal.js.map