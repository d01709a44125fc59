"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.waitQuerySchema = exports.listQuerySchema = exports.WAIT_MAX_MS = exports.WAIT_DEFAULT_MS = void 0;
exports.parseMessageId = parseMessageId;
const zod_1 = require("zod");
exports.WAIT_DEFAULT_MS = 30_000;
/** Long-polls hold a connection; past two minutes a client should simply ask again. */
exports.WAIT_MAX_MS = 120_000;
const address = zod_1.z.string().trim().min(1).max(320);
exports.listQuerySchema = zod_1.z.object({
    to: address.optional(),
    q: zod_1.z.string().trim().max(200).optional(),
    limit: zod_1.z.coerce.number().int().min(1).max(500).default(50),
});
exports.waitQuerySchema = zod_1.z.object({
    to: address,
    after: zod_1.z.coerce.number().int().min(0).optional(),
    /** Milliseconds; values above the cap are capped rather than refused. */
    timeout: zod_1.z.coerce
        .number()
        .int()
        .min(0)
        .default(exports.WAIT_DEFAULT_MS)
        .transform((ms) => Math.min(ms, exports.WAIT_MAX_MS)),
});
/** Ids are positive integers; anything else cannot name a message. */
function parseMessageId(value) {
    return /^[1-9]\d{0,15}$/.test(value) ? Number(value) : undefined;
}
//# sourceMappingURL=mailbox.dto.js.map