"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.CODE_SHAPE = exports.TOKEN_SHAPE = void 0;
exports.newToken = newToken;
exports.newCode = newCode;
exports.hmac = hmac;
exports.sameHash = sameHash;
const node_crypto_1 = require("node:crypto");
/**
 * The one-time secrets of a signup challenge. Only their HMACs are stored: a database leak gives no
 * usable link, and a 6-digit code (10^6 values, trivially brute-forced under a plain hash) cannot be
 * recovered without the server key.
 */
/** 32 random bytes, base64url: the link token. */
function newToken() {
    return (0, node_crypto_1.randomBytes)(32).toString('base64url');
}
/** Six decimal digits, uniformly drawn (randomInt avoids modulo bias). */
function newCode() {
    return String((0, node_crypto_1.randomInt)(0, 1_000_000)).padStart(6, '0');
}
function hmac(key, value) {
    return (0, node_crypto_1.createHmac)('sha256', key).update(value).digest();
}
/** Constant-time equality of two HMACs (lengths are public: both are SHA-256 outputs). */
function sameHash(a, b) {
    return a.length === b.length && (0, node_crypto_1.timingSafeEqual)(a, b);
}
/** Link tokens are base64url of 32 bytes; anything else is refused before touching the store. */
exports.TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;
exports.CODE_SHAPE = /^[0-9]{6}$/;
//# sourceMappingURL=challenge.secrets.js.map