import { z } from 'zod';

const token = z.string().max(512);

export const verifyQuery = z.object({ signupVerifyToken: token.optional() });
export type VerifyQuery = z.infer<typeof verifyQuery>;

/** JSON `{signupVerifyToken}` or `{email, code}`, the HTML form's fields, or nothing (token in the query). */
export const verifyBody = z.object({
  signupVerifyToken: token.optional(),
  email: z.string().max(1024).optional(),
  code: z.string().max(64).optional(),
});
export type VerifyBody = z.infer<typeof verifyBody>;
