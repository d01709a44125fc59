"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.IDEMPOTENCY_STORE = exports.IDEMPOTENCY_TTL_SECONDS = void 0;
/** How long an Idempotency-Key holds: the same key within this window replays, after it is free. */
exports.IDEMPOTENCY_TTL_SECONDS = 24 * 60 * 60;
exports.IDEMPOTENCY_STORE = Symbol('IdempotencyStore');
//# sourceMappingURL=idempotency.store.js.map