"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.CommonErrors = void 0;
const app_error_1 = require("./app-error");
exports.CommonErrors = (0, app_error_1.defineErrors)({
    validationFailed: { status: 400, code: 'validation_failed', message: 'The request body is not valid.' },
    malformedJson: { status: 400, code: 'malformed_json', message: 'The request body is not valid JSON.' },
    badRequest: { status: 400, code: 'bad_request', message: 'The request could not be understood.' },
    unauthorized: { status: 401, code: 'unauthorized', message: 'A valid bearer token is required.' },
    forbidden: { status: 403, code: 'forbidden', message: 'You may not access this resource.' },
    notFound: { status: 404, code: 'not_found', message: 'No such resource.' },
    methodNotAllowed: { status: 405, code: 'method_not_allowed', message: 'This method is not allowed here.' },
    payloadTooLarge: {
        status: 413,
        code: 'payload_too_large',
        message: 'The request body is larger than 64 KiB.',
    },
    unsupportedMediaType: {
        status: 415,
        code: 'unsupported_media_type',
        message: 'Send the body as application/json.',
    },
    rateLimited: { status: 429, code: 'rate_limited', message: 'Too many requests: try again later.' },
    internal: { status: 500, code: 'internal_error', message: 'Something went wrong on our side.' },
    shuttingDown: {
        status: 503,
        code: 'shutting_down',
        message: 'The service is restarting: try again in a few seconds.',
    },
    unavailable: {
        status: 503,
        code: 'service_unavailable',
        message: 'A backing service is unavailable: try again shortly.',
    },
});
//# sourceMappingURL=common.errors.js.map