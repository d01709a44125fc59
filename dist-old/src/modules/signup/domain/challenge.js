"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.issueChallenge = issueChallenge;
const challenge_secrets_1 = require("./challenge.secrets");
function issueChallenge(keys, ttl, now) {
    const token = (0, challenge_secrets_1.newToken)();
    const code = (0, challenge_secrets_1.newCode)();
    return {
        token,
        code,
        tokenHash: (0, challenge_secrets_1.hmac)(keys.tokenHmac, token),
        codeHash: (0, challenge_secrets_1.hmac)(keys.codeHmac, code),
        expiresAt: new Date(now.getTime() + ttl.tokenTtlSeconds * 1000),
        codeExpiresAt: new Date(now.getTime() + ttl.codeTtlSeconds * 1000),
    };
}
//# sourceMappingURL=challenge.js.map