import { z } from 'zod';
import { emailField, nameField, passwordField } from '../domain/signup.fields';

export const createSignupBody = z.object({ name: nameField, email: emailField, password: passwordField });
export type CreateSignupBody = z.infer<typeof createSignupBody>;

/** One message for every outcome, so the answer does not tell whether the address has an account. */
export const ACCEPTED_MESSAGE =
  'Thanks! If this address can be used, a message with a link and a code is on its way. Check your inbox.';
