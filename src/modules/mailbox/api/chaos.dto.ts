import { z } from 'zod';
import { MAX_CHAOS_RULES } from '../../../config/mailbox-chaos';

export const chaosRulesSchema = z.object({
  rules: z
    .array(
      z.strictObject({
        reply: z.union([z.literal(421), z.literal(451), z.literal(454), z.literal(550), z.literal('drop')]),
        rate: z.number().min(0).max(1),
        count: z.number().int().min(1).max(1_000_000).optional(),
      }),
    )
    .max(MAX_CHAOS_RULES),
});

export type ChaosRulesDto = z.infer<typeof chaosRulesSchema>;
