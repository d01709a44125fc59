"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.RATE_LIMITER = void 0;
exports.RATE_LIMITER = Symbol('RateLimiter');
//# sourceMappingURL=rate-limit.port.js.map