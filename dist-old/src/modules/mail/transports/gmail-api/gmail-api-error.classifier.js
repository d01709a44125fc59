"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.retryAfterMs = retryAfterMs;
exports.classifyGmailApiReply = classifyGmailApiReply;
const mail_transport_port_1 = require("../mail-transport.port");
/** 403 reasons that mean "slow down", not "never": Gmail's per-user and daily sending limits. */
const RATE_REASONS = new Set([
    'rateLimitExceeded',
    'userRateLimitExceeded',
    'dailyLimitExceeded',
    'quotaExceeded',
]);
/**
 * HTTP Retry-After (RFC 9110 §10.2.3): delay-seconds or an HTTP date, in ms from now. Undefined
 * when absent or unreadable.
 */
function retryAfterMs(value, now = Date.now()) {
    if (value === null || value.trim() === '')
        return undefined;
    if (/^\d+$/.test(value.trim()))
        return Number(value.trim()) * 1000;
    const at = Date.parse(value);
    return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
/**
 * A non-2xx answer from the Gmail API → how the worker should treat it. The stored message names the
 * status and Google's machine-readable reason, never the free text (which can echo the address).
 */
async function classifyGmailApiReply(res) {
    const body = (await res.json().catch(() => ({})));
    const reason = body.error?.errors?.find((e) => e.reason)?.reason ?? body.error?.status;
    const what = `Gmail API HTTP ${res.status}${reason ? ` (${reason})` : ''}`;
    const after = retryAfterMs(res.headers.get('retry-after'));
    if (res.status === 429 || (res.status === 403 && reason !== undefined && RATE_REASONS.has(reason)))
        return new mail_transport_port_1.TransportError('throttled', `${what}: sending limit reached`, after);
    if (res.status >= 500)
        return new mail_transport_port_1.TransportError('retryable', `${what}: server error`, after);
    if (res.status === 408)
        return new mail_transport_port_1.TransportError('retryable', `${what}: request timeout`, after);
    // A token refused right after a refresh is our configuration (scope, client), not this message.
    if (res.status === 401)
        return new mail_transport_port_1.TransportError('throttled', `${what}: a fresh access token was refused`);
    // 400 (invalid recipient, malformed message), 403 (scope, policy), 404 …: the same request fails again.
    return new mail_transport_port_1.TransportError('permanent', `${what}: rejected`);
}
//# sourceMappingURL=gmail-api-error.classifier.js.map