import { z } from 'zod';
import { emailField } from '../domain/signup.fields';

/** The new address and the current password (checked, not validated as a new one). */
export const changeEmailBody = z.object({
  email: emailField,
  password: z.string().min(1, 'is required').max(1024),
});
export type ChangeEmailBody = z.infer<typeof changeEmailBody>;

export const CHANGE_ACCEPTED_MESSAGE =
  'Check the new address: a message with a link and a code confirms it. Your current address has been told.';
