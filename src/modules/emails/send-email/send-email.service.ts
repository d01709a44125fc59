import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { dependencyOutage } from '../../../common/errors/outage';
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

/** The idempotency claim this request holds, if it won one. */
interface Claim {
  holder?: string;
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
    const claim: Claim = {};
    try {
      // Without an Idempotency-Key the message is one row, committed on its own and group-committed
      // with concurrent requests (no BEGIN/COMMIT round trips). With one, the key and the message
      // are written together in a transaction.
      const key = req.idempotencyKey;
      outcome =
        key === undefined
          ? { id: (await this.enqueue(undefined, req.body)).id, status: 'queued', replayed: false }
          : await this.db.transaction((tx) => this.writeKeyed(tx, req, key, claim));
    } catch (err) {
      await this.endClaim(req, claim, false);
      // An outage keeps its own code (database_unavailable, redis_unavailable) from the error filter.
      if (err instanceof AppError || dependencyOutage(err)) throw err;
      if (err instanceof MailRejectedError)
        throw new AppError(CommonErrors.validationFailed, { [err.field]: err.message });
      this.log.error({ err }, 'email could not be queued');
      throw new AppError(EmailErrors.unavailable);
    }
    if (!outcome.replayed) {
      await this.endClaim(req, claim, true);
      this.courier.wake();
    }
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

  /**
   * Tells the idempotency store how the transaction that claimed the key ended (a store outside it,
   * Redis, finalises or frees the key). Best effort: an unended claim runs out with its lease.
   */
  private async endClaim(req: SendEmailRequest, claim: Claim, committed: boolean): Promise<void> {
    if (req.idempotencyKey === undefined || claim.holder === undefined) return;
    try {
      await this.idempotency.endClaim(req.scope, req.idempotencyKey, claim.holder, committed);
    } catch (err) {
      this.log.warn({ err, committed }, 'could not end an idempotency claim; its lease will');
    }
  }

  /** The key and the message, in one transaction. */
  private async writeKeyed(
    tx: Queryable,
    req: SendEmailRequest,
    key: string,
    held: Claim,
  ): Promise<SendEmailOutcome> {
    const { body, scope } = req;
    const hash = requestHash(scope, body);
    const claim = await this.idempotency.claim(tx, scope, key, hash);
    if (claim.kind === 'existing') {
      if (claim.requestHash !== hash) throw new AppError(EmailErrors.idempotencyKeyReused);
      const current = await this.courier.find(claim.messageId, tx);
      if (!current) throw new Error('idempotency record points at a missing message');
      return { id: current.id, status: current.status, replayed: true };
    }
    held.holder = claim.holder;
    const queued = await this.enqueue(tx, body);
    await this.idempotency.bind(tx, scope, key, claim.holder, queued.id);
    return { id: queued.id, status: 'queued', replayed: false };
  }

  /** In `tx`, or committed on its own when there is none. */
  private enqueue(tx: Queryable | undefined, body: SendEmailBody): Promise<EnqueuedMail> {
    const attachments = body.attachments;
    if (body.template !== undefined) {
      this.courier.assertOpenTemplate(body.template);
      const mail = {
        to: body.to,
        template: body.template,
        locale: body.locale ?? 'en',
        data: body.data ?? {},
        attachments,
      };
      return tx ? this.courier.enqueue(tx, mail) : this.courier.enqueueNow(mail);
    }
    // The DTO guarantees a subject and some content without a template.
    const raw = { to: body.to, subject: body.subject ?? '', text: body.text, html: body.html, attachments };
    return tx ? this.courier.enqueueRaw(tx, raw) : this.courier.enqueueRawNow(raw);
  }
}
