"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
const strict_1 = __importDefault(require("node:assert/strict"));
const node_test_1 = require("node:test");
const challenge_secrets_1 = require("./challenge.secrets");
(0, node_test_1.describe)('challenge secrets', () => {
    const key = Buffer.alloc(32, 1);
    (0, node_test_1.it)('tokens are 32 random bytes in base64url and never repeat', () => {
        const seen = new Set(Array.from({ length: 200 }, challenge_secrets_1.newToken));
        strict_1.default.equal(seen.size, 200);
        for (const t of seen) {
            strict_1.default.match(t, challenge_secrets_1.TOKEN_SHAPE);
            strict_1.default.equal(Buffer.from(t, 'base64url').length, 32);
        }
    });
    (0, node_test_1.it)('codes are six digits, zero-padded, and cover the range', () => {
        const codes = Array.from({ length: 2000 }, challenge_secrets_1.newCode);
        for (const c of codes)
            strict_1.default.match(c, challenge_secrets_1.CODE_SHAPE);
        strict_1.default.ok(new Set(codes.map((c) => c[0])).size === 10, 'every leading digit appears');
    });
    (0, node_test_1.it)('HMACs depend on the key and compare in constant time', () => {
        const a = (0, challenge_secrets_1.hmac)(key, '123456');
        strict_1.default.ok((0, challenge_secrets_1.sameHash)(a, (0, challenge_secrets_1.hmac)(key, '123456')));
        strict_1.default.ok(!(0, challenge_secrets_1.sameHash)(a, (0, challenge_secrets_1.hmac)(key, '123457')));
        strict_1.default.ok(!(0, challenge_secrets_1.sameHash)(a, (0, challenge_secrets_1.hmac)(Buffer.alloc(32, 2), '123456')));
        strict_1.default.ok(!(0, challenge_secrets_1.sameHash)(a, a.subarray(0, 16)), 'different lengths are unequal, not an exception');
    });
});
//# sourceMappingURL=challenge.secrets.spec.js.map