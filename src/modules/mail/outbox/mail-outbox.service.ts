import { Inject, Injectable } from '@nestjs/common';
import { afterCommit, type Queryable } from '../../../infra/db/db.port';
import {
  type EnqueuedMail,
  type MailCourier,
  MailRejectedError,
  type MessageRecord,
  type RawMail,
  type TemplateMail,
} from '../mail.port';
import { MAIL_QUEUE, type MailQueue } from '../queue/mail-queue.port';
import { GUARDED_TEMPLATES } from '../templates/template.registry';
import { OutboxStore } from './outbox.store';

const GUARDED: ReadonlySet<string> = new Set(GUARDED_TEMPLATES);

/** MAIL_OUTBOX and MAIL_COURIER: what other features see of the mail module. */
@Injectable()
export class MailOutboxService implements MailCourier {
  constructor(
    private readonly store: OutboxStore,
    @Inject(MAIL_QUEUE) private readonly queue: MailQueue,
  ) {}

  async enqueue(tx: Queryable, mail: TemplateMail): Promise<EnqueuedMail> {
    return this.queued(tx, await this.store.insert(tx, mail));
  }

  async enqueueRaw(tx: Queryable, mail: RawMail): Promise<EnqueuedMail> {
    return this.queued(tx, await this.store.insertRaw(tx, mail));
  }

  /** Committed on its own (group-committed with concurrent calls); the queue hears of it after. */
  async enqueueNow(mail: TemplateMail): Promise<EnqueuedMail> {
    const queued = await this.store.insertNow(mail);
    this.queue.enqueued(queued.id);
    return queued;
  }

  async enqueueRawNow(mail: RawMail): Promise<EnqueuedMail> {
    const queued = await this.store.insertRawNow(mail);
    this.queue.enqueued(queued.id);
    return queued;
  }

  find(id: string, db?: Queryable): Promise<MessageRecord | undefined> {
    return this.store.find(id, db);
  }

  assertOpenTemplate(name: string): void {
    if (GUARDED.has(name))
      throw new MailRejectedError(
        'template',
        `mail template "${name}" is sent only by mailgate's own flows; send raw content or another template`,
      );
  }

  wake(): void {
    this.queue.wake();
  }

  /** The queue hears of the row only once its transaction committed (other processes see it). */
  private queued(tx: Queryable, mail: EnqueuedMail): EnqueuedMail {
    afterCommit(tx, () => this.queue.enqueued(mail.id));
    return mail;
  }
}
