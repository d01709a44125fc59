import { z } from 'zod';
import { emailField } from '../domain/signup.fields';

export const resendBody = z.object({ email: emailField });
export type ResendBody = z.infer<typeof resendBody>;
