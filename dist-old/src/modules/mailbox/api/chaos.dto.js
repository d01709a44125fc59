"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.chaosRulesSchema = void 0;
const zod_1 = require("zod");
const mailbox_chaos_1 = require("../../../config/mailbox-chaos");
exports.chaosRulesSchema = zod_1.z.object({
    rules: zod_1.z
        .array(zod_1.z.strictObject({
        reply: zod_1.z.union([zod_1.z.literal(421), zod_1.z.literal(451), zod_1.z.literal(454), zod_1.z.literal(550), zod_1.z.literal('drop')]),
        rate: zod_1.z.number().min(0).max(1),
        count: zod_1.z.number().int().min(1).max(1_000_000).optional(),
    }))
        .max(mailbox_chaos_1.MAX_CHAOS_RULES),
});
//# sourceMappingURL=chaos.dto.js.map