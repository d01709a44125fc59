import { Injectable } from '@nestjs/common';
import type { Queryable } from '../../../infra/db/db.port';
import type { EnqueuedMail, MailOutbox, TemplateMail } from '../mail.port';
import { MailWorker } from '../worker/mail.worker';
import { OutboxStore } from './outbox.store';

/** MAIL_OUTBOX: what other features see of the mail module. */
@Injectable()
export class MailOutboxService implements MailOutbox {
  constructor(
    private readonly store: OutboxStore,
    private readonly worker: MailWorker,
  ) {}

  enqueue(tx: Queryable, mail: TemplateMail): Promise<EnqueuedMail> {
    return this.store.insert(tx, mail);
  }

  wake(): void {
    this.worker.wake();
  }
}
