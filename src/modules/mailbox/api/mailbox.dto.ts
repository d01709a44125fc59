import { z } from 'zod';

export const WAIT_DEFAULT_MS = 30_000;
/** Long-polls hold a connection; past two minutes a client should simply ask again. */
export const WAIT_MAX_MS = 120_000;

const address = z.string().trim().min(1).max(320);

export const listQuerySchema = z.object({
  to: address.optional(),
  q: z.string().trim().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

export const waitQuerySchema = z.object({
  to: address,
  after: z.coerce.number().int().min(0).optional(),
  /** Milliseconds; values above the cap are capped rather than refused. */
  timeout: z.coerce
    .number()
    .int()
    .min(0)
    .default(WAIT_DEFAULT_MS)
    .transform((ms) => Math.min(ms, WAIT_MAX_MS)),
});

export type ListQueryDto = z.infer<typeof listQuerySchema>;
export type WaitQueryDto = z.infer<typeof waitQuerySchema>;

/** Ids are positive integers; anything else cannot name a message. */
export function parseMessageId(value: string): number | undefined {
  return /^[1-9]\d{0,15}$/.test(value) ? Number(value) : undefined;
}
