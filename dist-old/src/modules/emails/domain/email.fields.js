"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.attachmentField = exports.recipientField = exports.subjectField = exports.nameField = exports.addressField = void 0;
const zod_1 = require("zod");
const email_address_1 = require("../../../common/email/email-address");
/**
 * The request fields of the Email API. Everything that can reach a mail header (an address, a display
 * name, a subject, a file name) is refused when it holds a control character, CR/LF above all: a
 * header injection is stopped here with a 400, and nodemailer's encoding is the second line.
 */
/** C0/C1 controls, line/paragraph separators and bidi overrides (which can disguise a name). */
const CONTROL = /[\p{Cc}\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;
const chars = (s) => [...s].length;
exports.addressField = zod_1.z
    .string()
    .max(1024, 'must be at most 254 characters')
    .transform((v) => v.trim())
    .superRefine((v, ctx) => {
    const problem = (0, email_address_1.emailProblem)(v);
    if (problem !== undefined)
        ctx.addIssue({ code: 'custom', message: `must be a valid address: ${problem}` });
});
const headerText = (max) => zod_1.z
    .string()
    .refine((v) => !CONTROL.test(v), 'must not contain control characters or line breaks')
    .transform((v) => v.trim())
    .refine((v) => chars(v) >= 1, 'is required')
    .refine((v) => chars(v) <= max, `must be at most ${max} characters`);
exports.nameField = headerText(128);
exports.subjectField = headerText(500);
/** A single address, or `{address, name}`. */
exports.recipientField = zod_1.z.union([
    exports.addressField.transform((address) => ({ address })),
    zod_1.z.object({ address: exports.addressField, name: exports.nameField.optional() }).strict(),
]);
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
/** type/subtype with RFC 6838 characters, no parameters (nothing that could end a header early). */
const MIME_TYPE = /^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}\/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}$/;
exports.attachmentField = zod_1.z
    .object({
    // No path separators (a client saving it must not be steered out of its folder), no controls.
    filename: headerText(255)
        .refine((v) => !/[/\\]/.test(v), 'must not contain / or \\')
        .refine((v) => v !== '.' && v !== '..', 'must be a file name'),
    content: zod_1.z
        .string()
        .min(1, 'is required')
        .refine((v) => BASE64.test(v), 'must be base64'),
    contentType: zod_1.z.string().regex(MIME_TYPE, 'must be a media type like application/pdf'),
})
    .strict();
//# sourceMappingURL=email.fields.js.map