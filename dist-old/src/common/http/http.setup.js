"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.BODY_LIMIT = void 0;
exports.requestId = requestId;
exports.installHttpBehaviour = installHttpBehaviour;
const node_crypto_1 = require("node:crypto");
const app_error_1 = require("../errors/app-error");
const common_errors_1 = require("../errors/common.errors");
const error_filter_1 = require("../errors/error.filter");
/** The contract's limit on every request body. */
exports.BODY_LIMIT = 64 * 1024;
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
/** Keeps a caller's X-Request-Id when it is sane (for tracing across services), else makes one. */
function requestId(req) {
    const given = req.headers['x-request-id'];
    return typeof given === 'string' && REQUEST_ID.test(given) ? given : (0, node_crypto_1.randomUUID)();
}
/** Query strings carry single-use tokens: never write them to logs. */
function pathOnly(url) {
    const q = url.indexOf('?');
    return q === -1 ? url : `${url.slice(0, q)}?…`;
}
/**
 * Fastify-level behaviour Nest does not cover: the request id on every response and one
 * access-log line per request. Body-parser errors and 404s reach the global ErrorFilter through
 * the error and not-found handlers Nest installs.
 */
function installHttpBehaviour(fastify, log) {
    // The API speaks JSON (and HTML forms where a route accepts them): a text/plain body must be a
    // 415, not a string handed to validation. Without a parser Fastify answers 415 itself.
    fastify.removeContentTypeParser('text/plain');
    // Fastify's own "closing" answer is a fixed body outside the contract's error shape; this one
    // is the same 503 in the contract's shape (see `return503OnClosing: false` in app.ts).
    let closing = false;
    fastify.addHook('preClose', async () => {
        closing = true;
    });
    fastify.addHook('onRequest', async (req, reply) => {
        void reply.header('X-Request-Id', req.id);
        if (closing) {
            void reply.header('Connection', 'close');
            return (0, error_filter_1.sendError)(new app_error_1.AppError(common_errors_1.CommonErrors.shuttingDown, undefined, 5), req, reply, log);
        }
    });
    fastify.addHook('onResponse', async (req, reply) => {
        log.info({
            reqId: req.id,
            method: req.method,
            path: pathOnly(req.url),
            status: reply.statusCode,
            ms: Math.round(reply.elapsedTime * 10) / 10,
        }, 'request');
    });
}
//# sourceMappingURL=http.setup.js.map