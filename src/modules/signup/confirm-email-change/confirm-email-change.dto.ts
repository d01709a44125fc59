import { z } from 'zod';

const token = z.string().max(512);

export const tokenQuery = z.object({ token: token.optional() });
export type TokenQuery = z.infer<typeof tokenQuery>;

/** JSON `{token}` or `{email, code}` (email = the new address), the page's form, or nothing (token in the query). */
export const confirmChangeBody = z.object({
  token: token.optional(),
  email: z.string().max(1024).optional(),
  code: z.string().max(64).optional(),
});
export type ConfirmChangeBody = z.infer<typeof confirmChangeBody>;
