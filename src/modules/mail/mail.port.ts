import type { Queryable } from '../../infra/db/db.port';

/**
 * The mail module's public surface. Features never send mail: they enqueue a message in the
 * same transaction as the state change that causes it (the transactional outbox), and the
 * worker renders and delivers it after commit, so no HTTP request ever waits on SMTP.
 */

export const LOCALES = ['en', 'ko'] as const;
export type Locale = (typeof LOCALES)[number];

export interface Recipient {
  address: string;
  /** Display name; passed to nodemailer as an object field, never concatenated into a header. */
  name?: string;
}

export interface TemplateMail {
  to: Recipient;
  /** A folder under src/modules/mail/templates (e.g. 'signup-verify', 'signup-exists'). */
  template: string;
  locale: Locale;
  /** Values the template shows; stored in the outbox row as JSON. Escaped when rendered. */
  data: Record<string, string | number>;
  /**
   * One-time secrets the mail must carry (a verification link, a code). Sealed with AES-GCM at
   * rest and wiped once the message is final, so the outbox never holds usable tokens for long.
   * Merged into the template's values at render time.
   */
  secrets?: Record<string, string>;
}

export interface EnqueuedMail {
  /** Our id, for GET /emails/:id. */
  id: string;
  /** The RFC 5322 Message-ID fixed at enqueue and kept across retries. */
  messageId: string;
}

export interface MailOutbox {
  /** Writes the message inside the caller's transaction. */
  enqueue(tx: Queryable, mail: TemplateMail): Promise<EnqueuedMail>;
  /** Tells the worker there is work (call after the transaction commits); it also polls. */
  wake(): void;
}

export const MAIL_OUTBOX = Symbol('MailOutbox');

/** Picks the best supported locale from an Accept-Language header, else the default. */
export function pickLocale(acceptLanguage: string | undefined, fallback: Locale = 'en'): Locale {
  if (!acceptLanguage) return fallback;
  const ranked = acceptLanguage
    .split(',')
    .map((part, index) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const weight = q === undefined ? 1 : Number(q.slice(2));
      return {
        lang: tag.trim().toLowerCase().split('-')[0],
        weight: Number.isFinite(weight) ? weight : 0,
        index,
      };
    })
    .filter((r) => r.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.index - b.index);
  for (const r of ranked) if ((LOCALES as readonly string[]).includes(r.lang)) return r.lang as Locale;
  return fallback;
}
