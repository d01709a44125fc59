"use strict";
var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
var __metadata = (this && this.__metadata) || function (k, v) {
    if (typeof Reflect === "object" && typeof Reflect.metadata === "function") return Reflect.metadata(k, v);
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.ErrorFilter = void 0;
exports.toErrorBody = toErrorBody;
exports.sendError = sendError;
const common_1 = require("@nestjs/common");
const fastify_1 = require("fastify");
const app_error_1 = require("./app-error");
const common_errors_1 = require("./common.errors");
/** Fastify's own errors (body parsing, limits) mapped to the contract's codes. */
const FASTIFY_CODES = {
    FST_ERR_CTP_BODY_TOO_LARGE: common_errors_1.CommonErrors.payloadTooLarge,
    FST_ERR_CTP_INVALID_MEDIA_TYPE: common_errors_1.CommonErrors.unsupportedMediaType,
    FST_ERR_CTP_INVALID_CONTENT_LENGTH: common_errors_1.CommonErrors.badRequest,
    FST_ERR_CTP_EMPTY_JSON_BODY: common_errors_1.CommonErrors.malformedJson,
    FST_ERR_CTP_INVALID_JSON_BODY: common_errors_1.CommonErrors.malformedJson,
};
/**
 * Nest turns Fastify's errors into `HttpException(message, status)`, dropping their `code`; the
 * message is all that is left to tell malformed JSON from other 400s.
 */
const FASTIFY_MESSAGES = new Map(Object.entries(FASTIFY_CODES).map(([code, spec]) => {
    const Ctor = fastify_1.errorCodes[code];
    return [new Ctor().message, spec];
}));
const BY_STATUS = {
    400: common_errors_1.CommonErrors.badRequest,
    401: common_errors_1.CommonErrors.unauthorized,
    403: common_errors_1.CommonErrors.forbidden,
    404: common_errors_1.CommonErrors.notFound,
    405: common_errors_1.CommonErrors.methodNotAllowed,
    413: common_errors_1.CommonErrors.payloadTooLarge,
    415: common_errors_1.CommonErrors.unsupportedMediaType,
    429: common_errors_1.CommonErrors.rateLimited,
    503: common_errors_1.CommonErrors.unavailable,
};
/**
 * Turns anything thrown into the contract's JSON error. Only AppError messages and our own
 * catalogue reach the client; everything else is logged with the request id and answered as a
 * generic 500, so no stack trace, SQL or provider secret leaves the service.
 */
function toErrorBody(err) {
    if (err instanceof app_error_1.AppError) {
        const body = { statusCode: err.status, code: err.code, message: err.message };
        if (err.fields)
            body.fields = err.fields;
        return { body, retryAfter: err.retryAfter, internal: false };
    }
    const fastifyCode = err?.code;
    if (typeof fastifyCode === 'string' && FASTIFY_CODES[fastifyCode]) {
        const spec = FASTIFY_CODES[fastifyCode];
        return { body: { statusCode: spec.status, code: spec.code, message: spec.message }, internal: false };
    }
    const known = err instanceof common_1.HttpException ? FASTIFY_MESSAGES.get(err.message) : undefined;
    if (known)
        return { body: { statusCode: known.status, code: known.code, message: known.message }, internal: false };
    const status = err instanceof common_1.HttpException ? err.getStatus() : err?.statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) {
        const spec = BY_STATUS[status] ?? common_errors_1.CommonErrors.badRequest;
        return { body: { statusCode: status, code: spec.code, message: spec.message }, internal: false };
    }
    const spec = common_errors_1.CommonErrors.internal;
    return { body: { statusCode: spec.status, code: spec.code, message: spec.message }, internal: true };
}
function sendError(err, request, reply, log) {
    const { body, retryAfter, internal } = toErrorBody(err);
    if (internal)
        log.error({ err, reqId: request.id, route: request.routeOptions?.url }, 'unhandled error');
    if (retryAfter !== undefined)
        void reply.header('Retry-After', String(Math.max(1, Math.ceil(retryAfter))));
    return reply.status(body.statusCode).type('application/json; charset=utf-8').send(body);
}
let ErrorFilter = class ErrorFilter {
    log;
    constructor(log) {
        this.log = log;
    }
    catch(err, host) {
        const http = host.switchToHttp();
        sendError(err, http.getRequest(), http.getResponse(), this.log);
    }
};
exports.ErrorFilter = ErrorFilter;
exports.ErrorFilter = ErrorFilter = __decorate([
    (0, common_1.Catch)(),
    __metadata("design:paramtypes", [Object])
], ErrorFilter);
//# sourceMappingURL=error.filter.js.map