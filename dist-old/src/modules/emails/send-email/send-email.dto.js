"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.idempotencyKeyHeader = exports.sendEmailBody = void 0;
const zod_1 = require("zod");
const mail_port_1 = require("../../mail/mail.port");
const email_fields_1 = require("../domain/email.fields");
const TEMPLATE_NAME = /^[a-z0-9][a-z0-9-]{0,63}$/;
const VALUE_NAME = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
/**
 * POST /emails: either raw content (`subject` with `text` and/or `html`) or a template by name with
 * its `data` and `locale`. Unknown fields are refused, so a typo (`bcc`, `htmlBody`) is a 400 rather
 * than a message sent without it.
 */
exports.sendEmailBody = zod_1.z
    .object({
    to: email_fields_1.recipientField,
    subject: email_fields_1.subjectField.optional(),
    text: zod_1.z.string().optional(),
    html: zod_1.z.string().optional(),
    template: zod_1.z.string().regex(TEMPLATE_NAME, 'must be a template name like signup-exists').optional(),
    data: zod_1.z
        .record(zod_1.z.string().regex(VALUE_NAME, 'names must be letters, digits and _'), zod_1.z.union([zod_1.z.string().max(2000), zod_1.z.number()]))
        .refine((d) => Object.keys(d).length <= 50, 'must have at most 50 values')
        .optional(),
    locale: zod_1.z.enum(mail_port_1.LOCALES).optional(),
    attachments: zod_1.z.array(email_fields_1.attachmentField).max(10, 'must be at most 10 files').optional(),
})
    .strict()
    .superRefine((b, ctx) => {
    const issue = (path, message) => ctx.addIssue({ code: 'custom', path: [path], message });
    if (b.template !== undefined) {
        for (const f of ['subject', 'text', 'html'])
            if (b[f] !== undefined)
                issue(f, 'must not be given with a template (the template writes it)');
        return;
    }
    if (b.data !== undefined)
        issue('data', 'is only for a template');
    if (b.locale !== undefined)
        issue('locale', 'is only for a template');
    if (b.subject === undefined)
        issue('subject', 'is required without a template');
    if (!b.text && !b.html)
        issue('text', 'give text and/or html, or a template');
});
/** 1–255 printable ASCII characters (Stripe's and the IETF draft's shape for the header). */
exports.idempotencyKeyHeader = zod_1.z
    .string()
    .regex(/^[\x20-\x7e]{1,255}$/, 'must be 1–255 printable ASCII characters')
    .optional();
//# sourceMappingURL=send-email.dto.js.map