"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.Redis = void 0;
exports.openRedis = openRedis;
const ioredis_1 = require("ioredis");
Object.defineProperty(exports, "Redis", { enumerable: true, get: function () { return ioredis_1.Redis; } });
/**
 * Opens the distributed profile's Redis connection for stores (pending signups, rate limits,
 * idempotency keys). Commands fail fast instead of queueing while Redis is away, so a request
 * answers 503 within a second rather than hanging; ioredis keeps reconnecting in the background and
 * the service resumes by itself when Redis is back. BullMQ opens its own connections (it needs
 * `maxRetriesPerRequest: null` for blocking commands).
 */
async function openRedis(url) {
    const redis = new ioredis_1.Redis(url, {
        lazyConnect: true,
        maxRetriesPerRequest: 1,
        enableOfflineQueue: false,
        connectTimeout: 1000,
        commandTimeout: 1000,
        retryStrategy: (times) => Math.min(times * 100, 1000),
    });
    // Without a listener, a dropped connection is an unhandled 'error' event that kills the process.
    redis.on('error', () => undefined);
    await redis.connect();
    return redis;
}
//# sourceMappingURL=redis.js.map