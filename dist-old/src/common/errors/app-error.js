"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.AppError = void 0;
exports.defineErrors = defineErrors;
class AppError extends Error {
    fields;
    retryAfter;
    status;
    code;
    constructor(spec, fields, 
    /** Seconds to put in Retry-After (429 and 503). */
    retryAfter, message) {
        super(message ?? spec.message);
        this.fields = fields;
        this.retryAfter = retryAfter;
        this.name = 'AppError';
        this.status = spec.status;
        this.code = spec.code;
    }
}
exports.AppError = AppError;
/** Declares a feature's catalogue with literal codes, so a typo in a code is a compile error. */
function defineErrors(catalogue) {
    return catalogue;
}
//# sourceMappingURL=app-error.js.map