import { z } from 'zod';
import { emailProblem } from '../../../common/email/email-address';

/**
 * The request fields of the Email API. Everything that can reach a mail header (an address, a display
 * name, a subject, a file name) is refused when it holds a control character, CR/LF above all: a
 * header injection is stopped here with a 400, and nodemailer's encoding is the second line.
 */

/** C0/C1 controls, line/paragraph separators and bidi overrides (which can disguise a name). */
const CONTROL = /[\p{Cc}\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;
const chars = (s: string) => [...s].length;

export const addressField = z
  .string()
  .max(1024, 'must be at most 254 characters')
  .transform((v) => v.trim())
  .superRefine((v, ctx) => {
    const problem = emailProblem(v);
    if (problem !== undefined)
      ctx.addIssue({ code: 'custom', message: `must be a valid address: ${problem}` });
  });

const headerText = (max: number) =>
  z
    .string()
    .refine((v) => !CONTROL.test(v), 'must not contain control characters or line breaks')
    .transform((v) => v.trim())
    .refine((v) => chars(v) >= 1, 'is required')
    .refine((v) => chars(v) <= max, `must be at most ${max} characters`);

export const nameField = headerText(128);
export const subjectField = headerText(500);

/** A single address, or `{address, name}`. */
export const recipientField = z.union([
  addressField.transform((address) => ({ address })),
  z.object({ address: addressField, name: nameField.optional() }).strict(),
]);

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
/** type/subtype with RFC 6838 characters, no parameters (nothing that could end a header early). */
const MIME_TYPE = /^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}\/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}$/;

export const attachmentField = z
  .object({
    // No path separators (a client saving it must not be steered out of its folder), no controls.
    filename: headerText(255)
      .refine((v) => !/[/\\]/.test(v), 'must not contain / or \\')
      .refine((v) => v !== '.' && v !== '..', 'must be a file name'),
    content: z
      .string()
      .min(1, 'is required')
      .refine((v) => BASE64.test(v), 'must be base64'),
    contentType: z.string().regex(MIME_TYPE, 'must be a media type like application/pdf'),
  })
  .strict();
