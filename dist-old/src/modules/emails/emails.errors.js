"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.EmailErrors = void 0;
const app_error_1 = require("../../common/errors/app-error");
/** Every code the Email API answers with, besides the common ones (validation, 413, 415). */
exports.EmailErrors = (0, app_error_1.defineErrors)({
    invalidApiKey: {
        status: 401,
        code: 'invalid_api_key',
        message: 'A valid API key is required: send "Authorization: Bearer <key>".',
    },
    emailNotFound: { status: 404, code: 'email_not_found', message: 'No email with this id.' },
    suppressionNotFound: {
        status: 404,
        code: 'suppression_not_found',
        message: 'This address is not on the suppression list.',
    },
    idempotencyKeyReused: {
        status: 422,
        code: 'idempotency_key_reused',
        message: 'This Idempotency-Key was used with a different request in the last 24 hours.',
    },
    unavailable: {
        status: 503,
        code: 'service_unavailable',
        message: 'The outbox is unavailable: nothing was queued, try again shortly.',
    },
});
//# sourceMappingURL=emails.errors.js.map