"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.AccessTokens = exports.ACCESS_TOKEN_SECONDS = void 0;
const jose_1 = require("jose");
exports.ACCESS_TOKEN_SECONDS = 3600;
/** HS256 access tokens signed with JWT_SECRET (so other services holding it can verify them). */
class AccessTokens {
    key;
    now;
    constructor(key, now = () => Date.now()) {
        this.key = key;
        this.now = now;
    }
    async issue(claims) {
        const iat = Math.floor(this.now() / 1000);
        return new jose_1.SignJWT({ ver: claims.ver })
            .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
            .setSubject(claims.sub)
            .setIssuedAt(iat)
            .setExpirationTime(iat + exports.ACCESS_TOKEN_SECONDS)
            .sign(this.key);
    }
    /** The claims of a valid, unexpired token; undefined for anything else (never throws). */
    async verify(token) {
        try {
            const { payload } = await (0, jose_1.jwtVerify)(token, this.key, {
                algorithms: ['HS256'],
                currentDate: new Date(this.now()),
            });
            if (typeof payload.sub !== 'string' || typeof payload.ver !== 'number')
                return undefined;
            return { sub: payload.sub, ver: payload.ver };
        }
        catch {
            return undefined;
        }
    }
}
exports.AccessTokens = AccessTokens;
//# sourceMappingURL=access-token.js.map