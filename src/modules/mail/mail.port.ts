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

/** A file attached to a message; `content` is base64 (it is stored and carried as such). */
export interface MailAttachment {
  filename: string;
  contentType: string;
  content: string;
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
  attachments?: MailAttachment[];
}

/** A message whose content the caller wrote (POST /emails without a template): no rendering. */
export interface RawMail {
  to: Recipient;
  subject: string;
  text?: string;
  html?: string;
  attachments?: MailAttachment[];
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

/**
 * Thrown by the outbox when a message could never be delivered as asked (an unknown template, a
 * value it lacks, an unsupported locale). `field` names the request field, for a 400.
 */
export class MailRejectedError extends Error {
  override name = 'MailRejectedError';
  constructor(
    readonly field: 'template' | 'data' | 'locale',
    message: string,
  ) {
    super(message);
  }
}

/** What a send guard sees of a message about to be sent: no body, no secrets. */
export interface GuardedMail {
  /** Our id (messages.id). */
  id: string;
  /** The address the message was enqueued for. */
  to: string;
  template: string;
  locale: Locale | null;
  data: Record<string, string | number>;
}

/** What a guard may send instead of the stored message: another template, and never secrets. */
export type ReplacementMail = Omit<TemplateMail, 'secrets' | 'attachments'>;

/**
 * A guard's answer: send (optionally to the account's own address form, name and locale, with
 * values the template shows merged over the stored ones); send another mail in its place (`replace`:
 * the stored secrets are wiped and the row rewritten before anything is sent, so a retry sends the
 * replacement without asking the guard again); or end the message unsent.
 */
export type SendVerdict =
  | { kind: 'send'; to?: Recipient; locale?: Locale; data?: Record<string, string | number> }
  | { kind: 'replace'; mail: ReplacementMail }
  | { kind: 'drop'; reason: string };

/**
 * Decides at send time whether a message of its template goes out. It lets a feature enqueue the
 * same mail for every address (so the request does the same work whatever the address) and decide
 * in the worker, after the answer, whether there is anyone to send it to. Throwing means "cannot
 * tell now": the attempt is retried like a transport's temporary failure.
 */
export interface SendGuard {
  check(mail: GuardedMail): Promise<SendVerdict>;
}

/**
 * Template name → its guard. The mail module owns the registry and asks it before every send
 * (MailDelivery); features fill it from a module loaded wherever the worker runs, so the mail
 * module never imports them.
 */
export interface SendGuards {
  register(template: string, guard: SendGuard): void;
  find(template: string): SendGuard | undefined;
}

export const SEND_GUARDS = Symbol('SendGuards');

export const MESSAGE_STATUSES = ['queued', 'sending', 'sent', 'retrying', 'failed', 'suppressed'] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

export interface AttemptRecord {
  at: Date;
  /** `throttled`: the provider asked to slow down; the attempt does not count toward the limit. */
  outcome: 'sent' | 'retry' | 'throttled' | 'failed' | 'suppressed';
  /** Our own classification, never the provider's text. */
  error?: string;
}

/** What the outbox knows about one message (GET /emails/:id). No body, no secrets. */
export interface MessageRecord {
  id: string;
  status: MessageStatus;
  to: string;
  subject: string;
  attempts: AttemptRecord[];
  transport: string | null;
  messageId: string;
  createdAt: Date;
  sentAt?: Date;
}

/**
 * The outbox as the Email API sees it: MailOutbox plus raw messages and reading a message back.
 * A separate interface so features that only enqueue templates (signup) and their fakes stay small.
 */
export interface MailCourier extends MailOutbox {
  enqueueRaw(tx: Queryable, mail: RawMail): Promise<EnqueuedMail>;
  /**
   * Outside any transaction of the caller's: the message is committed when these resolve.
   * Concurrent calls share one INSERT (group commit), which is what makes POST /emails cheap.
   */
  enqueueNow(mail: TemplateMail): Promise<EnqueuedMail>;
  enqueueRawNow(mail: RawMail): Promise<EnqueuedMail>;
  find(id: string, db?: Queryable): Promise<MessageRecord | undefined>;
  /**
   * Throws MailRejectedError for a template only mailgate's own flows may queue: a guarded one
   * (signup-verify, password-reset), whose send guard acts on the records its values name.
   */
  assertOpenTemplate(name: string): void;
}

export const MAIL_COURIER = Symbol('MailCourier');

export const SUPPRESSION_REASONS = ['hard_bounce', 'complaint', 'manual'] as const;
export type SuppressionReason = (typeof SUPPRESSION_REASONS)[number];

export interface Suppression {
  address: string;
  reason: SuppressionReason;
  /** Who added it: `api`, `smtp` (a hard bounce at send time), `ses` (a bounce notification). */
  source: string;
  createdAt: Date;
}

/** Addresses the worker never mails; consulted before every send. */
export interface SuppressionList {
  /** The suppression covering this address (whatever its case), if any. */
  find(address: string): Promise<Suppression | undefined>;
  list(limit: number): Promise<Suppression[]>;
  /** Adds or keeps the existing entry (the first reason stands); returns the entry now stored. */
  add(address: string, reason: SuppressionReason, source: string): Promise<Suppression>;
  /** False when there was nothing to remove. */
  remove(address: string): Promise<boolean>;
}

export const SUPPRESSION_LIST = Symbol('SuppressionList');

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
