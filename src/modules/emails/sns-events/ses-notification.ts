import { z } from 'zod';
import type { SuppressionReason } from '../../mail/mail.port';

/**
 * The SES notification an SNS Notification carries in `Message` (SES developer guide, "Amazon SNS
 * notification contents for Amazon SES"). Identity notifications name their kind `notificationType`;
 * configuration-set event publishing names it `eventType`; both are read. SES may add fields: unknown
 * ones are ignored (zod strips them).
 */
const recipients = z.array(z.object({ emailAddress: z.string().max(512) })).max(1000);

const sesNotificationSchema = z.object({
  notificationType: z.string().optional(),
  eventType: z.string().optional(),
  bounce: z
    .object({ bounceType: z.string(), bounceSubType: z.string().optional(), bouncedRecipients: recipients })

    .optional(),
  complaint: z
    .object({ complainedRecipients: recipients, complaintFeedbackType: z.string().optional() })

    .optional(),
});

export interface SesVerdict {
  /** What the notification was, for the log: `Bounce/Permanent`, `Complaint/abuse`, `Delivery`. */
  kind: string;
  /** Addresses to put on the suppression list, and why. */
  suppress: { address: string; reason: SuppressionReason }[];
}

/** `Name <a@b>` → `a@b`; SES usually sends the bare address. */
function bareAddress(value: string): string | undefined {
  const inner = /<([^<>]+)>\s*$/.exec(value)?.[1] ?? value;
  const address = inner.trim();
  return address.length <= 254 && /^[^\s@]+@[^\s@]+$/.test(address) ? address : undefined;
}

function addresses(list: { emailAddress: string }[], reason: SuppressionReason): SesVerdict['suppress'] {
  return list.flatMap((r) => {
    const address = bareAddress(r.emailAddress);
    return address === undefined ? [] : [{ address, reason }];
  });
}

/**
 * What to do with one SES notification:
 * - a **Permanent** bounce (the mailbox does not exist, or SES's own suppression list) suppresses
 *   each bounced recipient as `hard_bounce`; Transient (mailbox full, too large, greylisting) and
 *   Undetermined bounces suppress nothing: the next message may well be delivered;
 * - a **complaint** suppresses each complained recipient as `complaint`, except feedback type
 *   `not-spam` (the recipient said the opposite);
 * - anything else (Delivery, Send, Open …) is noted and ignored.
 * Undefined when the message is not an SES notification at all.
 */
export function readSesNotification(message: string): SesVerdict | undefined {
  let json: unknown;
  try {
    json = JSON.parse(message);
  } catch {
    return undefined;
  }
  const parsed = sesNotificationSchema.safeParse(json);
  if (!parsed.success) return undefined;
  const n = parsed.data;
  const type = n.notificationType ?? n.eventType;
  if (type === undefined) return undefined;
  if (type === 'Bounce' && n.bounce) {
    const kind = `Bounce/${n.bounce.bounceType}`;
    return n.bounce.bounceType === 'Permanent'
      ? { kind, suppress: addresses(n.bounce.bouncedRecipients, 'hard_bounce') }
      : { kind, suppress: [] };
  }
  if (type === 'Complaint' && n.complaint) {
    const feedback = n.complaint.complaintFeedbackType;
    const kind = `Complaint/${feedback ?? 'unspecified'}`;
    return feedback === 'not-spam'
      ? { kind, suppress: [] }
      : { kind, suppress: addresses(n.complaint.complainedRecipients, 'complaint') };
  }
  return { kind: type.slice(0, 64), suppress: [] };
}
