import { z } from 'zod';
import type { OutgoingMail } from '../mail-transport.port';

/** What the `sns` transport publishes and the Lambda consumer reads: one fully rendered message. */
export const SNS_MAIL_TYPE = 'mailgate.mail.v1';

const address = z.object({ name: z.string().max(256).optional(), address: z.string().min(3).max(320) });

/**
 * Checked on the consuming side: SNS delivers whatever was published to the topic, and the consumer
 * must not trust a message it did not validate. The Message-ID is the idempotency key.
 */
export const snsMailSchema = z.object({
  type: z.literal(SNS_MAIL_TYPE),
  mail: z.object({
    messageId: z.string().regex(/^<[^<>\s]+@[^<>\s]+>$/, 'must be an RFC 5322 Message-ID in angle brackets'),
    from: address,
    to: address,
    subject: z.string().max(998),
    text: z.string(),
    html: z.string(),
    /** Content in base64, as JSON has no bytes. */
    attachments: z
      .array(
        z.object({
          filename: z.string().min(1).max(255),
          contentType: z.string().min(3),
          content: z.base64(),
        }),
      )
      .max(10)
      .optional(),
    headers: z.record(z.string(), z.string()),
  }),
});

export function toSnsMessage(mail: OutgoingMail): string {
  const attachments = mail.attachments?.map((a) => ({ ...a, content: a.content.toString('base64') }));
  return JSON.stringify({ type: SNS_MAIL_TYPE, mail: { ...mail, attachments } });
}

export function fromSnsMessage(message: string): OutgoingMail {
  const { attachments, ...mail } = snsMailSchema.parse(JSON.parse(message)).mail;
  if (!attachments) return mail;
  return {
    ...mail,
    attachments: attachments.map((a) => ({ ...a, content: Buffer.from(a.content, 'base64') })),
  };
}
