import { z } from 'zod';
import { SUPPRESSION_REASONS, type Suppression } from '../../mail/mail.port';
import { addressField } from '../domain/email.fields';

export const addSuppressionBody = z
  .object({ address: addressField, reason: z.enum(SUPPRESSION_REASONS).default('manual') })
  .strict();
export type AddSuppressionBody = z.infer<typeof addSuppressionBody>;

export const listSuppressionsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});
export type ListSuppressionsQuery = z.infer<typeof listSuppressionsQuery>;

export interface SuppressionView {
  address: string;
  reason: string;
  source: string;
  createdAt: string;
}

export const toView = (s: Suppression): SuppressionView => ({
  address: s.address,
  reason: s.reason,
  source: s.source,
  createdAt: s.createdAt.toISOString(),
});
