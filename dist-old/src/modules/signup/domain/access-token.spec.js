"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
const strict_1 = __importDefault(require("node:assert/strict"));
const node_test_1 = require("node:test");
const jose_1 = require("jose");
const access_token_1 = require("./access-token");
(0, node_test_1.describe)('access tokens', () => {
    const key = new Uint8Array(Buffer.alloc(32, 9));
    let now = Date.parse('2026-01-01T00:00:00Z');
    const tokens = new access_token_1.AccessTokens(key, () => now);
    (0, node_test_1.it)('round-trips sub and ver, with a one-hour lifetime', async () => {
        const jwt = await tokens.issue({ sub: 'u1', ver: 3 });
        strict_1.default.deepEqual(await tokens.verify(jwt), { sub: 'u1', ver: 3 });
        const payload = JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString());
        strict_1.default.equal(payload.exp - payload.iat, access_token_1.ACCESS_TOKEN_SECONDS);
    });
    (0, node_test_1.it)('refuses expired, tampered, foreign-key and alg=none tokens', async () => {
        const jwt = await tokens.issue({ sub: 'u1', ver: 0 });
        now += (access_token_1.ACCESS_TOKEN_SECONDS + 1) * 1000;
        strict_1.default.equal(await tokens.verify(jwt), undefined);
        now -= (access_token_1.ACCESS_TOKEN_SECONDS + 1) * 1000;
        const [h, p, s] = jwt.split('.');
        const forged = Buffer.from(JSON.stringify({ sub: 'u2', ver: 0, iat: 1, exp: 9e9 })).toString('base64url');
        strict_1.default.equal(await tokens.verify(`${h}.${forged}.${s}`), undefined);
        strict_1.default.equal(await tokens.verify(`${h}.${p}.${s.slice(0, -2)}AA`), undefined);
        const other = await new access_token_1.AccessTokens(new Uint8Array(Buffer.alloc(32, 8)), () => now).issue({
            sub: 'u1',
            ver: 0,
        });
        strict_1.default.equal(await tokens.verify(other), undefined);
        const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${p}.`;
        strict_1.default.equal(await tokens.verify(none), undefined);
        strict_1.default.equal(await tokens.verify('garbage'), undefined);
    });
    (0, node_test_1.it)('refuses a token without a numeric ver', async () => {
        const jwt = await new jose_1.SignJWT({})
            .setProtectedHeader({ alg: 'HS256' })
            .setSubject('u1')
            .setIssuedAt(Math.floor(now / 1000))
            .setExpirationTime(Math.floor(now / 1000) + 60)
            .sign(key);
        strict_1.default.equal(await tokens.verify(jwt), undefined);
    });
});
//# sourceMappingURL=access-token.spec.js.map