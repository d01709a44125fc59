import { z } from 'zod';
import { LOCALES } from '../../mail/mail.port';
import { attachmentField, recipientField, subjectField } from '../domain/email.fields';

const TEMPLATE_NAME = /^[a-z0-9][a-z0-9-]{0,63}$/;
const VALUE_NAME = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;

/**
 * POST /emails: either raw content (`subject` with `text` and/or `html`) or a template by name with
 * its `data` and `locale`. Unknown fields are refused, so a typo (`bcc`, `htmlBody`) is a 400 rather
 * than a message sent without it.
 */
export const sendEmailBody = z
  .object({
    to: recipientField,
    subject: subjectField.optional(),
    text: z.string().optional(),
    html: z.string().optional(),
    template: z.string().regex(TEMPLATE_NAME, 'must be a template name like signup-exists').optional(),
    data: z
      .record(
        z.string().regex(VALUE_NAME, 'names must be letters, digits and _'),
        z.union([z.string().max(2000), z.number()]),
      )
      .refine((d) => Object.keys(d).length <= 50, 'must have at most 50 values')
      .optional(),
    locale: z.enum(LOCALES).optional(),
    attachments: z.array(attachmentField).max(10, 'must be at most 10 files').optional(),
  })
  .strict()
  .superRefine((b, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    if (b.template !== undefined) {
      for (const f of ['subject', 'text', 'html'] as const)
        if (b[f] !== undefined) issue(f, 'must not be given with a template (the template writes it)');
      return;
    }
    if (b.data !== undefined) issue('data', 'is only for a template');
    if (b.locale !== undefined) issue('locale', 'is only for a template');
    if (b.subject === undefined) issue('subject', 'is required without a template');
    if (!b.text && !b.html) issue('text', 'give text and/or html, or a template');
  });

export type SendEmailBody = z.infer<typeof sendEmailBody>;

/** 1–255 printable ASCII characters (Stripe's and the IETF draft's shape for the header). */
export const idempotencyKeyHeader = z
  .string()
  .regex(/^[\x20-\x7e]{1,255}$/, 'must be 1–255 printable ASCII characters')
  .optional();

export interface SendEmailResult {
  id: string;
  status: string;
}
