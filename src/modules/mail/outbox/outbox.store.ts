import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '../../../config/config';
import { GroupCommit } from '../../../common/batch/group-commit';
import { CONFIG, DB } from '../../../core/tokens';
import { type Db, type Queryable, write } from '../../../infra/db/db.port';
import {
  type AttemptRecord,
  type EnqueuedMail,
  LOCALES,
  type Locale,
  type MailAttachment,
  MailRejectedError,
  type MessageRecord,
  type MessageStatus,
  type RawMail,
  type ReplacementMail,
  type TemplateMail,
} from '../mail.port';
import { messageIdDomain, parseMailFrom } from '../mail-from.parser';
import { assertRenderable, findTemplate } from '../templates/template.registry';
import { renderSubject, TemplateError } from '../templates/template.renderer';
import { sealSecrets } from './secrets.seal';

/** A claimed message, as the worker needs it to render and send. */
export interface ClaimedMessage {
  id: string;
  message_id: string;
  to_addr: string;
  to_name: string | null;
  subject: string | null;
  template: string | null;
  locale: Locale | null;
  data: Record<string, string | number> | null;
  text_body: string | null;
  html_body: string | null;
  attachments: MailAttachment[] | null;
  sealed: Uint8Array | null;
  /** Including the attempt this claim starts. */
  attempts_made: number;
  created_at: Date;
  /** Fencing token: only the holder of the current lease may settle the message. */
  lease_id: string;
}

const CLAIMED_COLUMNS = `id, message_id, to_addr, to_name, subject, template, locale, data, text_body, html_body,
  attachments, sealed, attempts_made, created_at, lease_id`;

type AttemptOutcome = AttemptRecord['outcome'];

/** What `claimOne` found: the message to send now, or why there is nothing to send. */
export type ClaimOneResult =
  | { state: 'claimed'; message: ClaimedMessage; tookOver: boolean }
  | { state: 'not-due'; dueInMs: number }
  | { state: 'busy' }
  | { state: 'final'; status: MessageStatus }
  | { state: 'missing' };

/** At most this many `sent` outcomes are written by one statement (see `markSent`). */
const SENT_BATCH = 64;
/** At most this many messages are inserted by one statement (see `insertNow`). */
const INSERT_BATCH = 32;

/** A messages row ready to insert: its 14 parameters, in INSERT_MESSAGES order. */
interface Row {
  enqueued: EnqueuedMail;
  params: unknown[];
}

const INSERT_MESSAGES = `INSERT INTO messages (id, message_id, to_addr, to_name, subject, template, locale, data,
  text_body, html_body, attachments, sealed, status, transport, created_at, updated_at) VALUES`;

const INSERT_ONE = `${INSERT_MESSAGES} ${insertValues(1)}`;

const asError = (err: unknown): Error => (err instanceof Error ? err : new Error(String(err)));

/** A template mail as it is checked and rendered: a guard's replacement has no secrets. */
type MailContent = ReplacementMail & Pick<TemplateMail, 'secrets'>;

/** Fails at enqueue, inside the caller's transaction where its tests see it, not later in the worker. */
function checkTemplateMail(mail: MailContent): void {
  assertRenderable(mail.template, [...Object.keys(mail.data), ...Object.keys(mail.secrets ?? {})]);
  if (!(LOCALES as readonly string[]).includes(mail.locale))
    throw new MailRejectedError('locale', `unsupported locale "${mail.locale}"`);
}

/** `(…14 parameters…), (…)` for `rows` rows. */
function insertValues(rows: number): string {
  return Array.from({ length: rows }, (_, r) => {
    const p = (i: number) => `$${r * 14 + i}`;
    return `(${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, ${p(5)}, ${p(6)}, ${p(7)}, ${p(8)}::jsonb, ${p(9)}, ${p(10)},
      ${p(11)}::jsonb, ${p(12)}::bytea, 'queued', ${p(13)}, ${p(14)}::timestamptz, ${p(14)}::timestamptz)`;
  }).join(', ');
}

/**
 * The outbox table and its state machine (docs/mail.md):
 *   queued → sending → sent | retrying | failed,   retrying → sending → …
 * Every settle writes the attempt row and the new state in one statement (atomic on its own), and
 * only while the caller still holds the lease, so a worker that lost its lease cannot overwrite a
 * newer outcome.
 */
@Injectable()
export class OutboxStore {
  private readonly domain: string;
  /**
   * `sent` is the outcome of nearly every send, so those settles are group-committed: while one
   * batch is being written, the next ones gather (each still fenced by its own lease).
   */
  private readonly sent = new GroupCommit<{ m: ClaimedMessage; ms: number }, boolean>(
    (items) => this.settleSent(items),
    SENT_BATCH,
  );
  private readonly inserts = new GroupCommit<Row, Error | undefined>(
    (rows) => this.insertRows(rows),
    INSERT_BATCH,
  );

  constructor(
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(DB) private readonly db: Db,
  ) {
    this.domain = messageIdDomain(parseMailFrom(config.mail.from));
  }

  insert(tx: Queryable, mail: TemplateMail): Promise<EnqueuedMail> {
    return this.write(tx, this.templateRow(mail));
  }

  /** A message the caller wrote: stored as given, sent without rendering. */
  insertRaw(tx: Queryable, mail: RawMail): Promise<EnqueuedMail> {
    return this.write(tx, this.rawRow(mail));
  }

  /**
   * Outside any caller's transaction: committed before it resolves. Concurrent calls are
   * group-committed as one multi-row INSERT (atomic per statement); if that statement fails, each
   * row is tried alone so one bad row fails only its own caller.
   */
  insertNow(mail: TemplateMail): Promise<EnqueuedMail> {
    return this.writeNow(this.templateRow(mail));
  }

  insertRawNow(mail: RawMail): Promise<EnqueuedMail> {
    return this.writeNow(this.rawRow(mail));
  }

  /**
   * A send guard's replacement (SendVerdict `replace`) becomes the message, while `m`'s lease holds:
   * the recipient, template, values and subject are rewritten and the sealed secrets wiped, before
   * anything is sent. Undefined when the lease was lost meanwhile (someone else owns the row).
   */
  async replace(m: ClaimedMessage, mail: ReplacementMail): Promise<ClaimedMessage | undefined> {
    checkTemplateMail(mail);
    const [row] = await this.db.query<ClaimedMessage>(
      `UPDATE messages SET to_addr = $3, to_name = $4, subject = $5, template = $6, locale = $7,
              data = $8::jsonb, sealed = NULL, updated_at = now()
        WHERE id = $1 AND lease_id = $2
      RETURNING ${CLAIMED_COLUMNS}`,
      [
        m.id,
        m.lease_id,
        mail.to.address,
        mail.to.name ?? null,
        this.renderedSubject(mail, new Date(m.created_at)),
        mail.template,
        mail.locale,
        JSON.stringify(mail.data),
      ],
    );
    return row;
  }

  private templateRow(mail: TemplateMail): Row {
    checkTemplateMail(mail);
    const id = randomUUID();
    const createdAt = new Date();
    const sealed =
      mail.secrets && Object.keys(mail.secrets).length > 0
        ? sealSecrets(this.config.keys.seal, id, mail.secrets)
        : null;
    return this.row(id, createdAt, {
      to: mail.to,
      // Stored for GET /emails/:id; the worker renders the whole mail again (same values, same
      // created_at, so the same subject). Templates must not put secrets in a subject.
      subject: this.renderedSubject(mail, createdAt),
      template: mail.template,
      locale: mail.locale,
      data: mail.data,
      sealed,
      attachments: mail.attachments,
    });
  }

  private rawRow(mail: RawMail): Row {
    return this.row(randomUUID(), new Date(), {
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      attachments: mail.attachments,
    });
  }

  private renderedSubject(mail: MailContent, createdAt: Date): string {
    const template = findTemplate(mail.template);
    if (!template) throw new MailRejectedError('template', `unknown mail template "${mail.template}"`);
    try {
      return renderSubject(template, mail.locale, { ...mail.data, ...mail.secrets }, createdAt);
    } catch (err) {
      // A value the template cannot show (e.g. not an ISO time for `| datetime`): it would fail in
      // the worker too, so refuse it now.
      if (err instanceof TemplateError) throw new MailRejectedError('data', err.message);
      throw err;
    }
  }

  private row(
    id: string,
    createdAt: Date,
    m: {
      to: TemplateMail['to'];
      subject: string;
      template?: string;
      locale?: Locale;
      data?: TemplateMail['data'];
      text?: string;
      html?: string;
      sealed?: Buffer | null;
      attachments?: MailAttachment[];
    },
  ): Row {
    // Fixed now and reused by every retry: a receiver that got the first copy can drop a duplicate.
    const messageId = `<${randomUUID()}@${this.domain}>`;
    return {
      enqueued: { id, messageId },
      params: [
        id,
        messageId,
        m.to.address,
        m.to.name ?? null,
        m.subject,
        m.template ?? null,
        m.locale ?? null,
        m.data === undefined ? null : JSON.stringify(m.data),
        m.text ?? null,
        m.html ?? null,
        m.attachments && m.attachments.length > 0 ? JSON.stringify(m.attachments) : null,
        m.sealed ?? null,
        this.config.mail.transport,
        createdAt,
      ],
    };
  }

  /** In a transaction the row goes with its next statement or its commit (see `write` in db.port). */
  private async write(tx: Queryable, row: Row): Promise<EnqueuedMail> {
    await write(tx, INSERT_ONE, row.params);
    return row.enqueued;
  }

  private async writeNow(row: Row): Promise<EnqueuedMail> {
    const error = await this.inserts.add(row);
    if (error !== undefined) throw error;
    return row.enqueued;
  }

  /** One statement for the whole batch; on failure, each row alone. Per row: its error, if any. */
  private async insertRows(rows: Row[]): Promise<Array<Error | undefined>> {
    try {
      await this.db.query(
        `${INSERT_MESSAGES} ${insertValues(rows.length)}`,
        rows.flatMap((r) => r.params),
      );
      return rows.map(() => undefined);
    } catch (err) {
      if (rows.length === 1) return [asError(err)];
      const alone = await Promise.allSettled(rows.map((r) => this.write(this.db, r)));
      return alone.map((a) => (a.status === 'rejected' ? asError(a.reason) : undefined));
    }
  }

  /** One message and its attempts, oldest first; no body, no secrets. */
  async find(id: string, db: Queryable = this.db): Promise<MessageRecord | undefined> {
    const [row] = await db.query<{
      id: string;
      status: MessageStatus;
      to_addr: string;
      subject: string | null;
      transport: string | null;
      message_id: string;
      created_at: Date;
      sent_at: Date | null;
    }>(
      `SELECT id, status, to_addr, subject, transport, message_id, created_at, sent_at
         FROM messages WHERE id = $1`,
      [id],
    );
    if (!row) return undefined;
    const attempts = await db.query<{ at: Date; outcome: AttemptOutcome; error: string | null }>(
      'SELECT at, outcome, error FROM message_attempts WHERE message_id = $1 ORDER BY id',
      [id],
    );
    return {
      id: row.id,
      status: row.status,
      to: row.to_addr,
      subject: row.subject ?? '',
      attempts: attempts.map((a) => ({
        at: new Date(a.at),
        outcome: a.outcome,
        ...(a.error === null ? {} : { error: a.error }),
      })),
      transport: row.transport,
      messageId: row.message_id,
      createdAt: new Date(row.created_at),
      ...(row.sent_at === null ? {} : { sentAt: new Date(row.sent_at) }),
    };
  }

  /**
   * Takes up to `limit` due messages for `leaseMs`. SKIP LOCKED lets several workers (the
   * distributed profile) claim side by side without waiting on or double-taking each other's rows.
   */
  async claim(limit: number, leaseMs: number): Promise<ClaimedMessage[]> {
    return this.db.query<ClaimedMessage>(
      `UPDATE messages
          SET status = 'sending', locked_until = now() + $2::int * interval '1 millisecond',
              lease_id = $3, attempts_made = attempts_made + 1, updated_at = now()
        WHERE id IN (SELECT id FROM messages
                      WHERE status IN ('queued', 'retrying') AND next_attempt_at <= now()
                      ORDER BY next_attempt_at
                      LIMIT $1
                      FOR UPDATE SKIP LOCKED)
      RETURNING ${CLAIMED_COLUMNS}`,
      [limit, leaseMs, randomUUID()],
    );
  }

  /**
   * A `sending` row whose lease ran out belongs to a worker that died mid-send. Whether its
   * provider accepted the mail is unknown, so it goes back to `retrying` (at-least-once), or to
   * `failed` when it has used all its attempts. Either way the lost attempt is written down.
   */
  recoverExpiredLeases(maxAttempts: number): Promise<number> {
    return this.interrupt(
      'locked_until < now()',
      [],
      maxAttempts,
      'interrupted: the worker stopped before the send finished (lease expired)',
    );
  }

  /**
   * The queue's claim of one message (distributed profile): the queue handed this process the job
   * for message `id`. The queue gives a job to one worker at a time and hands it out again only
   * when the previous holder's lock expired (it was killed or hung), so a `sending` row is taken
   * over at once rather than after its lease: that holder's attempt is written down as interrupted,
   * exactly as an expired lease would be, and its lease is void (it can no longer settle).
   */
  async claimOne(id: string, leaseMs: number, maxAttempts: number): Promise<ClaimOneResult> {
    const taken = await this.interrupt(
      'id = $3',
      [id],
      maxAttempts,
      'interrupted: the worker stopped before the send finished (its job went to another worker)',
    );
    const [claimed] = await this.db.query<ClaimedMessage>(
      `UPDATE messages
          SET status = 'sending', locked_until = now() + $2::int * interval '1 millisecond',
              lease_id = $3, attempts_made = attempts_made + 1, updated_at = now()
        WHERE id = $1 AND status IN ('queued', 'retrying') AND next_attempt_at <= now()
      RETURNING ${CLAIMED_COLUMNS}`,
      [id, leaseMs, randomUUID()],
    );
    if (claimed) return { state: 'claimed', message: claimed, tookOver: taken > 0 };
    const [row] = await this.db.query<{ status: MessageStatus; due_in_ms: number }>(
      `SELECT status,
              GREATEST(0, CEIL(EXTRACT(EPOCH FROM next_attempt_at - now()) * 1000))::int AS due_in_ms
         FROM messages WHERE id = $1`,
      [id],
    );
    if (!row) return { state: 'missing' };
    switch (row.status) {
      case 'queued':
      case 'retrying':
        return { state: 'not-due', dueInMs: row.due_in_ms };
      case 'sending':
        return { state: 'busy' };
      case 'sent':
      case 'failed':
      case 'suppressed':
        return { state: 'final', status: row.status };
    }
  }

  /**
   * Due messages nobody has claimed for `graceMs`: in the distributed profile, rows whose job was
   * lost (the process died between commit and adding it, Redis was away, the job was dropped).
   */
  async findStranded(graceMs: number, limit: number): Promise<string[]> {
    const rows = await this.db.query<{ id: string }>(
      `SELECT id FROM messages
        WHERE status IN ('queued', 'retrying')
          AND next_attempt_at <= now() - $1::int * interval '1 millisecond'
        ORDER BY next_attempt_at
        LIMIT $2`,
      [graceMs, limit],
    );
    return rows.map((r) => r.id);
  }

  /** `sending` rows matching `where` go back to `retrying` (or `failed`), their lost attempt recorded. */
  private async interrupt(
    where: string,
    params: unknown[],
    maxAttempts: number,
    reason: string,
  ): Promise<number> {
    const rows = await this.db.query<{ id: string }>(
      `WITH lost AS (
         UPDATE messages
            SET status = CASE WHEN attempts_made >= $1 THEN 'failed' ELSE 'retrying' END,
                sealed = CASE WHEN attempts_made >= $1 THEN NULL ELSE sealed END,
                last_error = $2, next_attempt_at = now(), locked_until = NULL, lease_id = NULL,
                updated_at = now()
          WHERE id IN (SELECT id FROM messages
                        WHERE status = 'sending' AND ${where}
                        FOR UPDATE SKIP LOCKED)
         RETURNING id, status)
       INSERT INTO message_attempts (message_id, outcome, error)
       SELECT id, CASE WHEN status = 'failed' THEN 'failed' ELSE 'retry' END, $2 FROM lost
       RETURNING message_id AS id`,
      [maxAttempts, reason, ...params],
    );
    return rows.length;
  }

  /** Resolves false when the lease was lost meanwhile (another worker owns the message now). */
  markSent(m: ClaimedMessage, ms: number): Promise<boolean> {
    return this.sent.add({ m, ms });
  }

  /**
   * Settles several sent messages in one statement: each row changes only if its own lease still
   * holds, and gets its attempt row in the same statement. Returns, per item, whether it did.
   *
   * Rows are found through the primary key (`id = ANY`), each checked against its own lease by
   * position, and not by `status = 'sending'` (a held lease implies it: migration 007). Joined to an
   * `unnest` of the batch, or filtered by status, the statement was planned through the never-vacuumed
   * `messages_leased` index on PGlite, whose dead entries made every settle cost more than the one
   * before (0.07 → 0.35 ms a message over 64,000 messages; docs/benchmarks.md, "Results, session 5").
   * `array_position` finds an id's first place only, so a message twice in one batch (its lease ran
   * out and it was claimed again while the first send settled) is settled in a batch after this one.
   */
  private async settleSent(items: Array<{ m: ClaimedMessage; ms: number }>): Promise<boolean[]> {
    const seen = new Set<string>();
    const first: typeof items = [];
    const again: typeof items = [];
    for (const item of items) {
      (seen.has(item.m.id) ? again : first).push(item);
      seen.add(item.m.id);
    }
    const rows = await this.db.query<{ id: string }>(
      `WITH done AS (
         UPDATE messages
            SET status = 'sent', sent_at = now(), sealed = NULL, last_error = NULL,
                locked_until = NULL, lease_id = NULL, updated_at = now()
          WHERE id = ANY($1::uuid[]) AND lease_id = ($2::uuid[])[array_position($1::uuid[], id)]
         RETURNING id, ($3::int[])[array_position($1::uuid[], id)] AS ms),
       logged AS (
         INSERT INTO message_attempts (message_id, outcome, duration_ms)
         SELECT id, 'sent', ms FROM done)
       SELECT id FROM done`,
      [first.map((i) => i.m.id), first.map((i) => i.m.lease_id), first.map((i) => Math.round(i.ms))],
    );
    const kept = new Set(rows.map((r) => r.id));
    const settled = new Map(first.map((i) => [i, kept.has(i.m.id)]));
    if (again.length > 0) {
      const later = await this.settleSent(again);
      again.forEach((item, k) => settled.set(item, later[k]));
    }
    return items.map((i) => settled.get(i) as boolean);
  }

  markRetry(m: ClaimedMessage, error: string, delayMs: number, ms: number): Promise<boolean> {
    return this.settle(
      m,
      { outcome: 'retry', error, ms },
      `UPDATE messages SET status = 'retrying', last_error = $3,
              next_attempt_at = now() + $4::int * interval '1 millisecond',
              locked_until = NULL, lease_id = NULL, updated_at = now()
        WHERE id = $1 AND lease_id = $2`,
      [error, Math.round(delayMs)],
    );
  }

  /**
   * The provider asked to slow down: back to the queue, due when the transport's pause ends, and
   * the attempt is written down as `throttled` but not counted toward the limit (the claim counted it).
   */
  markThrottled(m: ClaimedMessage, error: string, delayMs: number, ms: number): Promise<boolean> {
    return this.settle(
      m,
      { outcome: 'throttled', error, ms },
      `UPDATE messages SET status = 'retrying', attempts_made = attempts_made - 1, last_error = $3,
              next_attempt_at = now() + $4::int * interval '1 millisecond',
              locked_until = NULL, lease_id = NULL, updated_at = now()
        WHERE id = $1 AND lease_id = $2`,
      [error, Math.max(0, Math.round(delayMs))],
    );
  }

  /** Final: the sealed secrets are wiped, since nothing will ever render this message again. */
  markFailed(m: ClaimedMessage, error: string, ms: number): Promise<boolean> {
    return this.settle(
      m,
      { outcome: 'failed', error, ms },
      `UPDATE messages SET status = 'failed', last_error = $3, sealed = NULL,
              locked_until = NULL, lease_id = NULL, updated_at = now()
        WHERE id = $1 AND lease_id = $2`,
      [error],
    );
  }

  /** Final, nothing sent: the recipient is on the suppression list. */
  markSuppressed(m: ClaimedMessage, reason: string, ms: number): Promise<boolean> {
    return this.settle(
      m,
      { outcome: 'suppressed', error: reason, ms },
      `UPDATE messages SET status = 'suppressed', last_error = $3, sealed = NULL,
              locked_until = NULL, lease_id = NULL, updated_at = now()
        WHERE id = $1 AND lease_id = $2`,
      [reason],
    );
  }

  /** Shutdown: hands a claimed-but-unfinished message back, due at once, its attempt not counted. */
  async release(m: ClaimedMessage): Promise<void> {
    await this.db.query(
      `UPDATE messages
          SET status = CASE WHEN attempts_made <= 1 THEN 'queued' ELSE 'retrying' END,
              attempts_made = attempts_made - 1, next_attempt_at = now(),
              locked_until = NULL, lease_id = NULL, updated_at = now()
        WHERE id = $1 AND lease_id = $2`,
      [m.id, m.lease_id],
    );
  }

  /**
   * Messages not yet final, by state, for the queue-depth metric. Only the partial indexes of the
   * live states are read (messages_due, messages_leased), never the growing history of sent mail.
   */
  async countUnfinished(): Promise<Partial<Record<'queued' | 'sending' | 'retrying', number>>> {
    const rows = await this.db.query<{ status: 'queued' | 'sending' | 'retrying'; n: number }>(
      `SELECT status, count(*)::int AS n FROM messages
        WHERE status IN ('queued', 'retrying', 'sending') GROUP BY status`,
    );
    return Object.fromEntries(rows.map((r) => [r.status, r.n]));
  }

  /**
   * Writes the attempt and the new state together, in one statement (no transaction round trips);
   * false when the lease was lost meanwhile. `update` uses $1 (id), $2 (lease) and `params` after.
   */
  private async settle(
    m: ClaimedMessage,
    attempt: { outcome: AttemptOutcome; error?: string; ms: number },
    update: string,
    params: unknown[],
  ): Promise<boolean> {
    const n = 2 + params.length;
    const rows = await this.db.query<{ id: string }>(
      `WITH done AS (${update} RETURNING id)
       INSERT INTO message_attempts (message_id, outcome, error, duration_ms)
       SELECT id, $${n + 1}::text, $${n + 2}::text, $${n + 3}::int FROM done
       RETURNING message_id AS id`,
      [m.id, m.lease_id, ...params, attempt.outcome, attempt.error ?? null, Math.round(attempt.ms)],
    );
    return rows.length > 0;
  }
}
