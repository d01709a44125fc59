"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.snsMailSchema = exports.SNS_MAIL_TYPE = void 0;
exports.toSnsMessage = toSnsMessage;
exports.fromSnsMessage = fromSnsMessage;
const zod_1 = require("zod");
/** What the `sns` transport publishes and the Lambda consumer reads: one fully rendered message. */
exports.SNS_MAIL_TYPE = 'mailgate.mail.v1';
const address = zod_1.z.object({ name: zod_1.z.string().max(256).optional(), address: zod_1.z.string().min(3).max(320) });
/**
 * Checked on the consuming side: SNS delivers whatever was published to the topic, and the consumer
 * must not trust a message it did not validate. The Message-ID is the idempotency key.
 */
exports.snsMailSchema = zod_1.z.object({
    type: zod_1.z.literal(exports.SNS_MAIL_TYPE),
    mail: zod_1.z.object({
        messageId: zod_1.z.string().regex(/^<[^<>\s]+@[^<>\s]+>$/, 'must be an RFC 5322 Message-ID in angle brackets'),
        from: address,
        to: address,
        subject: zod_1.z.string().max(998),
        text: zod_1.z.string(),
        html: zod_1.z.string(),
        /** Content in base64, as JSON has no bytes. */
        attachments: zod_1.z
            .array(zod_1.z.object({
            filename: zod_1.z.string().min(1).max(255),
            contentType: zod_1.z.string().min(3),
            content: zod_1.z.base64(),
        }))
            .max(10)
            .optional(),
        headers: zod_1.z.record(zod_1.z.string(), zod_1.z.string()),
    }),
});
function toSnsMessage(mail) {
    const attachments = mail.attachments?.map((a) => ({ ...a, content: a.content.toString('base64') }));
    return JSON.stringify({ type: exports.SNS_MAIL_TYPE, mail: { ...mail, attachments } });
}
function fromSnsMessage(message) {
    const { attachments, ...mail } = exports.snsMailSchema.parse(JSON.parse(message)).mail;
    if (!attachments)
        return mail;
    return {
        ...mail,
        attachments: attachments.map((a) => ({ ...a, content: Buffer.from(a.content, 'base64') })),
    };
}
//# sourceMappingURL=sns-mail.message.js.map