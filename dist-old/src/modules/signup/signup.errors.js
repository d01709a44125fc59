"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.SignupErrors = void 0;
const app_error_1 = require("../../common/errors/app-error");
/** Every code the signup routes answer with, besides the common ones (validation, 415, 413). */
exports.SignupErrors = (0, app_error_1.defineErrors)({
    invalidToken: {
        status: 400,
        code: 'invalid_token',
        message: 'This verification link is invalid or has expired.',
    },
    invalidCode: { status: 400, code: 'invalid_code', message: 'The code is wrong or has expired.' },
    alreadyVerified: {
        status: 409,
        code: 'already_verified',
        message: 'This signup has already been completed.',
    },
    invalidCredentials: { status: 401, code: 'invalid_credentials', message: 'Wrong email or password.' },
    unauthorized: { status: 401, code: 'unauthorized', message: 'A valid bearer token is required.' },
    forbidden: { status: 403, code: 'forbidden', message: 'You may only read your own account.' },
    rateLimited: { status: 429, code: 'rate_limited', message: 'Too many requests: try again later.' },
    unavailable: {
        status: 503,
        code: 'service_unavailable',
        message: 'The signup store is unavailable: try again shortly.',
    },
    missingChallenge: {
        status: 400,
        code: 'validation_failed',
        message: 'Send signupVerifyToken, or email and code.',
    },
});
//# sourceMappingURL=signup.errors.js.map