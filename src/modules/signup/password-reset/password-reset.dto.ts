import { z } from 'zod';
import { emailField } from '../domain/signup.fields';

export const requestResetBody = z.object({ email: emailField });
export type RequestResetBody = z.infer<typeof requestResetBody>;

const token = z.string().max(512);

export const resetPageQuery = z.object({ token: token.optional() });
export type ResetPageQuery = z.infer<typeof resetPageQuery>;

/**
 * JSON `{token, password}` or the reset page's form. A missing token is `invalid_token` and the
 * password's rules (8–128 characters) are checked by the service, so a form post always gets a
 * page back (the form again, with the rule) rather than a JSON error.
 */
export const confirmResetBody = z.object({
  token: token.optional(),
  password: z.string().max(1024).optional(),
});
export type ConfirmResetBody = z.infer<typeof confirmResetBody>;

/** One message for every address, so the answer does not tell whether it has an account. */
export const RESET_ACCEPTED_MESSAGE =
  'If this address has an account, a message with a link to choose a new password is on its way.';
export const RESET_DONE_MESSAGE = 'Your password was changed. Sign in with the new one.';
