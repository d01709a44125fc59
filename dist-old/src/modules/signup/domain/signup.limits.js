"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.LIMITS = void 0;
exports.enforce = enforce;
const app_error_1 = require("../../../common/errors/app-error");
const signup_errors_1 = require("../signup.errors");
/**
 * Every limit of the signup routes in one table (docs/signup.md repeats it). Address keys use the
 * lower-cased address whether or not an account exists, so a 429 says nothing about existence.
 */
exports.LIMITS = {
    signupPerIp: { limit: 20, windowSeconds: 3600 },
    signupPerAddress: { limit: 5, windowSeconds: 3600 },
    /** The "someone tried to sign up with your address" notice: silently at most one per 15 min. */
    existsNoticePerAddress: { limit: 1, windowSeconds: 900 },
    verifyPerIp: { limit: 60, windowSeconds: 60 },
    resendPerMinute: { limit: 1, windowSeconds: 60 },
    resendPerDay: { limit: 10, windowSeconds: 86400 },
    /** Counts attempts; a successful login resets it, so in effect it counts failures. */
    loginPerAddress: { limit: 10, windowSeconds: 900 },
    loginPerIp: { limit: 100, windowSeconds: 900 },
};
/** Counts a hit and throws 429 rate_limited (with Retry-After) once the rule is exceeded. */
async function enforce(limiter, key, rule) {
    const d = await limiter.hit(key, rule.limit, rule.windowSeconds);
    if (!d.allowed)
        throw new app_error_1.AppError(signup_errors_1.SignupErrors.rateLimited, undefined, d.retryAfter);
}
//# sourceMappingURL=signup.limits.js.map