"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.RETRY = void 0;
exports.backoffMs = backoffMs;
exports.retryDelayMs = retryDelayMs;
exports.afterFailure = afterFailure;
/**
 * When and how often the worker tries again. Errors decide whether to retry (the transport
 * classifies them); this file decides when.
 */
exports.RETRY = {
    /**
     * Attempts before a message is `failed` (the first send included). With the numbers below the
     * back-off ceilings are 2 s … 512 s: about 8½ minutes of waiting on average, 17 at most, which
     * rides out a relay restart while a signup code (30 min by default) is still worth delivering.
     */
    maxAttempts: 10,
    baseMs: 2_000,
    capMs: 10 * 60_000,
    /** A provider that says "slow down" (454) is not asked again for at least this long. */
    throttledFloorMs: 30_000,
};
/**
 * Exponential backoff with full jitter (AWS Architecture Blog, "Exponential Backoff And Jitter"):
 * a uniform delay in [0, min(cap, base·2^(n-1))). Jitter spreads the retries of many messages that
 * failed together (a provider outage) so they do not return as one thundering herd.
 * `attempt` is the number of attempts already made (1 after the first failure).
 */
function backoffMs(attempt, random = Math.random) {
    const ceiling = Math.min(exports.RETRY.capMs, exports.RETRY.baseMs * 2 ** Math.max(0, attempt - 1));
    return Math.floor(random() * ceiling);
}
function retryDelayMs(attempt, throttled, random = Math.random) {
    const delay = backoffMs(attempt, random);
    return throttled ? Math.max(delay, exports.RETRY.throttledFloorMs) : delay;
}
/** What to do after attempt number `attempt` failed with a classified error of `kind`. */
function afterFailure(kind, message, attempt, random = Math.random) {
    if (kind === 'permanent')
        return { outcome: 'failed', reason: message };
    if (attempt >= exports.RETRY.maxAttempts)
        return { outcome: 'failed', reason: `${message}; gave up after ${attempt} attempts` };
    return { outcome: 'retry', delayMs: retryDelayMs(attempt, kind === 'throttled', random) };
}
//# sourceMappingURL=retry.policy.js.map