"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.verifyBody = exports.verifyQuery = void 0;
const zod_1 = require("zod");
const token = zod_1.z.string().max(512);
exports.verifyQuery = zod_1.z.object({ signupVerifyToken: token.optional() });
/** JSON `{signupVerifyToken}` or `{email, code}`, the HTML form's fields, or nothing (token in the query). */
exports.verifyBody = zod_1.z.object({
    signupVerifyToken: token.optional(),
    email: zod_1.z.string().max(1024).optional(),
    code: zod_1.z.string().max(64).optional(),
});
//# sourceMappingURL=verify-email.dto.js.map