"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.passwordField = exports.nameField = exports.emailField = void 0;
const zod_1 = require("zod");
const email_address_1 = require("../../../common/email/email-address");
/**
 * The request fields shared by the signup routes. Limits are the contract's (§4): a name of 1–64
 * characters after trimming with no control characters (so no CR/LF can reach a mail header), a
 * password of 8–128 characters (the upper bound keeps argon2 input bounded).
 */
const chars = (s) => [...s].length;
/** C0/C1 controls, line/paragraph separators and bidi overrides that could disguise a name. */
const CONTROL = /[\p{Cc}\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;
exports.emailField = zod_1.z
    .string()
    .max(1024, 'must be at most 254 characters')
    .superRefine((v, ctx) => {
    const problem = (0, email_address_1.emailProblem)(v);
    if (problem !== undefined)
        ctx.addIssue({ code: 'custom', message: `must be a valid address: ${problem}` });
});
exports.nameField = zod_1.z
    .string()
    .refine((v) => !CONTROL.test(v), 'must not contain control characters or line breaks')
    .refine((v) => chars(v.trim()) >= 1, 'is required')
    .refine((v) => chars(v.trim()) <= 64, 'must be at most 64 characters');
exports.passwordField = zod_1.z
    .string()
    .refine((v) => chars(v) >= 8, 'must be at least 8 characters')
    .refine((v) => chars(v) <= 128, 'must be at most 128 characters');
//# sourceMappingURL=signup.fields.js.map