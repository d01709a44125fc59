"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
const strict_1 = __importDefault(require("node:assert/strict"));
const node_test_1 = require("node:test");
const retry_policy_1 = require("./retry.policy");
(0, node_test_1.describe)('retry backoff', () => {
    const almostOne = () => 0.999999;
    (0, node_test_1.it)('doubles the ceiling per attempt from the base', () => {
        strict_1.default.equal((0, retry_policy_1.backoffMs)(1, almostOne), retry_policy_1.RETRY.baseMs - 1);
        strict_1.default.equal((0, retry_policy_1.backoffMs)(2, almostOne), 2 * retry_policy_1.RETRY.baseMs - 1);
        strict_1.default.equal((0, retry_policy_1.backoffMs)(4, almostOne), 8 * retry_policy_1.RETRY.baseMs - 1);
    });
    (0, node_test_1.it)('never exceeds the cap, however many attempts', () => {
        strict_1.default.equal((0, retry_policy_1.backoffMs)(30, almostOne), retry_policy_1.RETRY.capMs - 1);
        strict_1.default.equal((0, retry_policy_1.backoffMs)(1000, almostOne), retry_policy_1.RETRY.capMs - 1);
    });
    (0, node_test_1.it)('is fully jittered: anywhere from zero to the ceiling', () => {
        strict_1.default.equal((0, retry_policy_1.backoffMs)(5, () => 0), 0);
        strict_1.default.equal((0, retry_policy_1.backoffMs)(5, () => 0.5), 8 * retry_policy_1.RETRY.baseMs);
    });
    (0, node_test_1.it)('waits at least the throttle floor when the provider asked us to slow down', () => {
        strict_1.default.equal((0, retry_policy_1.retryDelayMs)(1, true, () => 0), retry_policy_1.RETRY.throttledFloorMs);
        strict_1.default.equal((0, retry_policy_1.retryDelayMs)(1, false, () => 0), 0);
    });
});
(0, node_test_1.describe)('after a failed attempt', () => {
    (0, node_test_1.it)('a permanent error fails at once with its reason', () => {
        strict_1.default.deepEqual((0, retry_policy_1.afterFailure)('permanent', 'SMTP 550: rejected', 1), {
            outcome: 'failed',
            reason: 'SMTP 550: rejected',
        });
    });
    (0, node_test_1.it)('a retryable error retries until the attempt limit, then fails saying so', () => {
        for (let attempt = 1; attempt < retry_policy_1.RETRY.maxAttempts; attempt++)
            strict_1.default.equal((0, retry_policy_1.afterFailure)('retryable', 'SMTP 451', attempt).outcome, 'retry', `attempt ${attempt}`);
        strict_1.default.deepEqual((0, retry_policy_1.afterFailure)('retryable', 'SMTP 451', retry_policy_1.RETRY.maxAttempts), {
            outcome: 'failed',
            reason: `SMTP 451; gave up after ${retry_policy_1.RETRY.maxAttempts} attempts`,
        });
    });
    (0, node_test_1.it)('a throttled error waits at least the floor', () => {
        const verdict = (0, retry_policy_1.afterFailure)('throttled', 'SMTP 454', 1, () => 0);
        strict_1.default.deepEqual(verdict, { outcome: 'retry', delayMs: retry_policy_1.RETRY.throttledFloorMs });
    });
});
//# sourceMappingURL=retry.policy.spec.js.map