import { z } from 'zod';

/**
 * The request fields of the Email API. Everything that can reach a mail header (an address, a display
 * name, a subject, a file name) is refused when it holds a control character, CR/LF above all: a
 * header injection is stopped here with a 400, and nodemailer's encoding is the second line.
 */

/** C0/C1 controls, line/paragraph separators and bidi overrides (which can disguise a name). */
const CONTROL = /[\p{Cc}\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;
const chars = (s: string) => [...s].length;

const MAX_ADDRESS = 254;
const MAX_LOCAL = 64;
const ATEXT = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]";
const DOT_ATOM = new RegExp(`^${ATEXT}+(?:\\.${ATEXT}+)*$`);
/** qtext and quoted-pair of RFC 5321 §4.1.2: printable ASCII only, so no CR/LF can ride in. */
const QUOTED = /^"(?:[\x20\x21\x23-\x5b\x5d-\x7e]|\\[\x20-\x7e])*"$/;
const LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

/**
 * Why an address is refused under RFC 5321 (ASCII; SMTPUTF8 and address literals are out of scope),
 * or undefined when it is fine: a dot-atom or quoted local part of at most 64 octets, a domain of
 * LDH labels with a non-numeric top label, 254 octets in all.
 */
export function addressProblem(value: string): string | undefined {
  if (value.length === 0) return 'is required';
  if (Buffer.byteLength(value) > MAX_ADDRESS) return `must be at most ${MAX_ADDRESS} characters`;
  const at = value.lastIndexOf('@');
  if (at <= 0 || at === value.length - 1) return 'must look like name@example.com';
  const local = value.slice(0, at);
  const labels = value.slice(at + 1).split('.');
  if (Buffer.byteLength(local) > MAX_LOCAL) return `must have at most ${MAX_LOCAL} characters before the @`;
  if (!DOT_ATOM.test(local) && !QUOTED.test(local)) return 'has characters not allowed before the @';
  if (labels.length < 2 || !labels.every((l) => LABEL.test(l)) || /^[0-9]+$/.test(labels[labels.length - 1]))
    return 'must end in a domain like example.com';
  return undefined;
}

export const addressField = z
  .string()
  .max(1024, `must be at most ${MAX_ADDRESS} characters`)
  .transform((v) => v.trim())
  .superRefine((v, ctx) => {
    const problem = addressProblem(v);
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
