"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.deriveKeys = deriveKeys;
const node_crypto_1 = require("node:crypto");
function derive(secret, label) {
    return Buffer.from((0, node_crypto_1.hkdfSync)('sha256', Buffer.from(secret), Buffer.alloc(0), `mailgate:${label}`, 32));
}
function deriveKeys(secret) {
    return {
        jwt: new Uint8Array(Buffer.from(secret)),
        codeHmac: derive(secret, 'code'),
        tokenHmac: derive(secret, 'token'),
        seal: derive(secret, 'seal'),
        lookup: derive(secret, 'lookup'),
    };
}
//# sourceMappingURL=keys.js.map