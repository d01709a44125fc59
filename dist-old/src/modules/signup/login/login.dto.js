"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.loginBody = void 0;
const zod_1 = require("zod");
/** Loose on purpose: a malformed address is simply a failed login (401), never a hint. */
exports.loginBody = zod_1.z.object({
    email: zod_1.z.string().min(1, 'is required').max(1024),
    password: zod_1.z.string().min(1, 'is required').max(1024),
});
//# sourceMappingURL=login.dto.js.map