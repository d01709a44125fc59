import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '../../../config/config';
import { CONFIG, DB } from '../../../core/tokens';
import type { Db, Queryable } from '../../../infra/db/db.port';
import { type EnqueuedMail, LOCALES, type Locale, type TemplateMail } from '../mail.port';
import { messageIdDomain, parseMailFrom } from '../mail-from.parser';
import { assertRenderable } from '../templates/template.registry';
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
  sealed: Uint8Array | null;
  /** Including the attempt this claim starts. */
  attempts_made: number;
  created_at: Date;
  /** Fencing token: only the holder of the current lease may settle the message. */
  lease_id: string;
}

const CLAIMED_COLUMNS = `id, message_id, to_addr, to_name, subject, template, locale, data, text_body, html_body,
  sealed, attempts_made, created_at, lease_id`;

/**
 * The outbox table and its state machine (docs/mail.md):
 *   queued → sending → sent | retrying | failed,   retrying → sending → …
 * Every settle writes the attempt row and the new state in one transaction, and only while the
 * caller still holds the lease, so a worker that lost its lease cannot overwrite a newer outcome.
 */
@Injectable()
export class OutboxStore {
  private readonly domain: string;

  constructor(
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(DB) private readonly db: Db,
  ) {
    this.domain = messageIdDomain(parseMailFrom(config.mail.from));
  }

  async insert(tx: Queryable, mail: TemplateMail): Promise<EnqueuedMail> {
    // Fail inside the caller's transaction, where its tests see it, not later in the worker.
    assertRenderable(mail.template, [...Object.keys(mail.data), ...Object.keys(mail.secrets ?? {})]);
    if (!(LOCALES as readonly string[]).includes(mail.locale))
      throw new Error(`unsupported locale "${mail.locale}"`);
    const id = randomUUID();
    // Fixed now and reused by every retry: a receiver that got the first copy can drop a duplicate.
    const messageId = `<${randomUUID()}@${this.domain}>`;
    const sealed =
      mail.secrets && Object.keys(mail.secrets).length > 0
        ? sealSecrets(this.config.keys.seal, id, mail.secrets)
        : null;
    await tx.query(
      `INSERT INTO messages (id, message_id, to_addr, to_name, template, locale, data, sealed, status, transport)
       VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8, 'queued', $9)`,
      [
        id,
        messageId,
        mail.to.address,
        mail.to.name ?? null,
        mail.template,
        mail.locale,
        JSON.stringify(mail.data),
        sealed,
        this.config.mail.transport,
      ],
    );
    return { id, messageId };
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
  async recoverExpiredLeases(maxAttempts: number): Promise<number> {
    const rows = await this.db.query<{ id: string }>(
      `WITH lost AS (
         UPDATE messages
            SET status = CASE WHEN attempts_made >= $1 THEN 'failed' ELSE 'retrying' END,
                sealed = CASE WHEN attempts_made >= $1 THEN NULL ELSE sealed END,
                last_error = $2, next_attempt_at = now(), locked_until = NULL, lease_id = NULL,
                updated_at = now()
          WHERE id IN (SELECT id FROM messages
                        WHERE status = 'sending' AND locked_until < now()
                        FOR UPDATE SKIP LOCKED)
         RETURNING id, status)
       INSERT INTO message_attempts (message_id, outcome, error)
       SELECT id, CASE WHEN status = 'failed' THEN 'failed' ELSE 'retry' END, $2 FROM lost
       RETURNING message_id AS id`,
      [maxAttempts, 'interrupted: the worker stopped before the send finished (lease expired)'],
    );
    return rows.length;
  }

  markSent(m: ClaimedMessage, ms: number): Promise<boolean> {
    return this.settle(
      m,
      { outcome: 'sent', ms },
      `UPDATE messages SET status = 'sent', sent_at = now(), sealed = NULL, last_error = NULL,
              locked_until = NULL, lease_id = NULL, updated_at = now()
        WHERE id = $1 AND lease_id = $2 AND status = 'sending'`,
      [],
    );
  }

  markRetry(m: ClaimedMessage, error: string, delayMs: number, ms: number): Promise<boolean> {
    return this.settle(
      m,
      { outcome: 'retry', error, ms },
      `UPDATE messages SET status = 'retrying', last_error = $3,
              next_attempt_at = now() + $4::int * interval '1 millisecond',
              locked_until = NULL, lease_id = NULL, updated_at = now()
        WHERE id = $1 AND lease_id = $2 AND status = 'sending'`,
      [error, Math.round(delayMs)],
    );
  }

  /** Final: the sealed secrets are wiped, since nothing will ever render this message again. */
  markFailed(m: ClaimedMessage, error: string, ms: number): Promise<boolean> {
    return this.settle(
      m,
      { outcome: 'failed', error, ms },
      `UPDATE messages SET status = 'failed', last_error = $3, sealed = NULL,
              locked_until = NULL, lease_id = NULL, updated_at = now()
        WHERE id = $1 AND lease_id = $2 AND status = 'sending'`,
      [error],
    );
  }

  /** Shutdown: hands a claimed-but-unfinished message back, due at once, its attempt not counted. */
  async release(m: ClaimedMessage): Promise<void> {
    await this.db.query(
      `UPDATE messages
          SET status = CASE WHEN attempts_made <= 1 THEN 'queued' ELSE 'retrying' END,
              attempts_made = attempts_made - 1, next_attempt_at = now(),
              locked_until = NULL, lease_id = NULL, updated_at = now()
        WHERE id = $1 AND lease_id = $2 AND status = 'sending'`,
      [m.id, m.lease_id],
    );
  }

  /** Writes the attempt and the new state together; false when the lease was lost meanwhile. */
  private async settle(
    m: ClaimedMessage,
    attempt: { outcome: 'sent' | 'retry' | 'failed'; error?: string; ms: number },
    update: string,
    params: unknown[],
  ): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const updated = await tx.query<{ id: string }>(`${update} RETURNING id`, [m.id, m.lease_id, ...params]);
      if (updated.length === 0) return false;
      await tx.query(
        'INSERT INTO message_attempts (message_id, outcome, error, duration_ms) VALUES ($1, $2, $3, $4)',
        [m.id, attempt.outcome, attempt.error ?? null, Math.round(attempt.ms)],
      );
      return true;
    });
  }
}
