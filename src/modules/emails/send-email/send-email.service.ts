import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { AppError } from '../../../common/errors/app-error';
import { CommonErrors } from '../../../common/errors/common.errors';
import { DB, LOGGER } from '../../../core/tokens';
import type { Db, Queryable } from '../../../infra/db/db.port';
import { type EnqueuedMail, MAIL_COURIER, type MailCourier, MailRejectedError } from '../../mail/mail.port';
import { EmailErrors } from '../emails.errors';
import { IDEMPOTENCY_STORE, type IdempotencyStore } from '../idempotency/idempotency.store';
import { requestHash } from '../idempotency/request-hash';
import type { SendEmailBody, SendEmailResult } from './send-email.dto';

export interface SendEmailRequest {
  body: SendEmailBody;
  /** HMAC of the API key that authenticated the request. */
  scope: string;
  idempotencyKey?: string;
}

export interface SendEmailOutcome extends SendEmailResult {
  /** True when an earlier request with the same Idempotency-Key answered, and nothing was queued. */
  replayed: boolean;
}

/**
 * POST /emails. The message is written to the outbox — with its idempotency record, in one
 * transaction — and committed before the 202; the worker sends it. The request never waits on SMTP.
 */
@Injectable()
export class SendEmailService {
  constructor(
    @Inject(DB) private readonly db: Db,
    @Inject(LOGGER) private readonly log: Logger,
    @Inject(MAIL_COURIER) private readonly courier: MailCourier,
    @Inject(IDEMPOTENCY_STORE) private readonly idempotency: IdempotencyStore,
  ) {}

  async send(req: SendEmailRequest): Promise<SendEmailOutcome> {
    let outcome: SendEmailOutcome;
    try {
      // Without an Idempotency-Key the write is a single INSERT, atomic on its own: no BEGIN/COMMIT
      // round trips. With one, the key and the message are written together in a transaction.
      outcome =
        req.idempotencyKey === undefined
          ? await this.write(this.db, req)
          : await this.db.transaction((tx) => this.write(tx, req));
    } catch (err) {
      if (err instanceof AppError) throw err;
      if (err instanceof MailRejectedError)
        throw new AppError(CommonErrors.validationFailed, { [err.field]: err.message });
      this.log.error({ err }, 'email could not be queued');
      throw new AppError(EmailErrors.unavailable);
    }
    if (!outcome.replayed) this.courier.wake();
    this.log.info(
      {
        mailId: outcome.id,
        idempotency: req.idempotencyKey === undefined ? 'none' : outcome.replayed ? 'hit' : 'miss',
        template: req.body.template,
      },
      outcome.replayed ? 'email request replayed' : 'email queued',
    );
    return outcome;
  }

  private async write(tx: Queryable, req: SendEmailRequest): Promise<SendEmailOutcome> {
    const { body, scope, idempotencyKey } = req;
    if (idempotencyKey !== undefined) {
      const hash = requestHash(scope, body);
      const claim = await this.idempotency.claim(tx, scope, idempotencyKey, hash);
      if (claim.kind === 'existing') {
        if (claim.requestHash !== hash) throw new AppError(EmailErrors.idempotencyKeyReused);
        const current = await this.courier.find(claim.messageId, tx);
        if (!current) throw new Error('idempotency record points at a missing message');
        return { id: current.id, status: current.status, replayed: true };
      }
      const queued = await this.enqueue(tx, body);
      await this.idempotency.bind(tx, scope, idempotencyKey, queued.id);
      return { id: queued.id, status: 'queued', replayed: false };
    }
    const queued = await this.enqueue(tx, body);
    return { id: queued.id, status: 'queued', replayed: false };
  }

  private enqueue(tx: Queryable, body: SendEmailBody): Promise<EnqueuedMail> {
    const attachments = body.attachments;
    if (body.template !== undefined)
      return this.courier.enqueue(tx, {
        to: body.to,
        template: body.template,
        locale: body.locale ?? 'en',
        data: body.data ?? {},
        attachments,
      });
    // The DTO guarantees a subject and some content without a template.
    return this.courier.enqueueRaw(tx, {
      to: body.to,
      subject: body.subject ?? '',
      text: body.text,
      html: body.html,
      attachments,
    });
  }
}
