import { z } from 'zod';
import { emailField } from '../domain/signup.fields';

export const requestResetBody = z.object({ email: emailField });
export type RequestResetBody = z.infer<typeof requestResetBody>;

const token = z.string().max(512);

export const resetPageQuery = z.object({ token: token.optional() });
export type ResetPageQuery = z.infer<typeof resetPageQuery>;

/**
 * JSON `{token, password}` or the reset page's form. The password's rules (8–128 characters) are
 * checked by the service, so the form can show the page again instead of a JSON error.
 */
export const confirmResetBody = z.object({
  token: token.min(1, 'is required'),
  password: z.string().max(1024),
});
export type ConfirmResetBody = z.infer<typeof confirmResetBody>;

/** One message for every address, so the answer does not tell whether it has an account. */
export const RESET_ACCEPTED_MESSAGE =
  'If this address has an account, a message with a link to choose a new password is on its way.';
export const RESET_DONE_MESSAGE = 'Your password was changed. Sign in with the new one.';
