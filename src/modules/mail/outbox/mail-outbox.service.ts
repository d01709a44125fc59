import { Injectable } from '@nestjs/common';
import type { Queryable } from '../../../infra/db/db.port';
import type { EnqueuedMail, MailCourier, MessageRecord, RawMail, TemplateMail } from '../mail.port';
import { MailWorker } from '../worker/mail.worker';
import { OutboxStore } from './outbox.store';

/** MAIL_OUTBOX and MAIL_COURIER: what other features see of the mail module. */
@Injectable()
export class MailOutboxService implements MailCourier {
  constructor(
    private readonly store: OutboxStore,
    private readonly worker: MailWorker,
  ) {}

  enqueue(tx: Queryable, mail: TemplateMail): Promise<EnqueuedMail> {
    return this.store.insert(tx, mail);
  }

  enqueueRaw(tx: Queryable, mail: RawMail): Promise<EnqueuedMail> {
    return this.store.insertRaw(tx, mail);
  }

  enqueueNow(mail: TemplateMail): Promise<EnqueuedMail> {
    return this.store.insertNow(mail);
  }

  enqueueRawNow(mail: RawMail): Promise<EnqueuedMail> {
    return this.store.insertRawNow(mail);
  }

  find(id: string, db?: Queryable): Promise<MessageRecord | undefined> {
    return this.store.find(id, db);
  }

  wake(): void {
    this.worker.wake();
  }
}
