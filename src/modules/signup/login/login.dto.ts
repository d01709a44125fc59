import { z } from 'zod';

/** Loose on purpose: a malformed address is simply a failed login (401), never a hint. */
export const loginBody = z.object({
  email: z.string().min(1, 'is required').max(1024),
  password: z.string().min(1, 'is required').max(1024),
});
export type LoginBody = z.infer<typeof loginBody>;

export interface LoginResult {
  accessToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
}
