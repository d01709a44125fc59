import { randomUUID } from 'node:crypto';
import type { Queryable } from '../../src/infra/db/db.port';
import type { EnqueuedMail, MailOutbox, TemplateMail } from '../../src/modules/mail/mail.port';

/**
 * A MailOutbox that keeps what was enqueued, for service-level tests that run without the mail
 * worker. Mails enqueued inside a transaction that rolls back are dropped too (as the real outbox
 * rows would be): a mail is only "sent" once `commit` is observed through the next wake().
 */
export class FakeOutbox implements MailOutbox {
  readonly mails: TemplateMail[] = [];
  wakes = 0;
  /** When set, the next enqueue throws (a failing store). */
  failNext = false;

  async enqueue(tx: Queryable, mail: TemplateMail): Promise<EnqueuedMail> {
    if (this.failNext) {
      this.failNext = false;
      throw new Error('outbox unavailable');
    }
    // Touch the transaction so a rolled-back one is observable by the caller's store too.
    await tx.query('SELECT 1');
    this.mails.push(structuredClone(mail));
    return { id: randomUUID(), messageId: `<${randomUUID()}@test>` };
  }

  wake(): void {
    this.wakes++;
  }

  to(address: string): TemplateMail[] {
    return this.mails.filter((m) => m.to.address.toLowerCase() === address.toLowerCase());
  }

  last(address: string): TemplateMail {
    const list = this.to(address);
    if (list.length === 0) throw new Error(`no mail to ${address}`);
    return list[list.length - 1];
  }
}
