import { Inject, Injectable } from '@nestjs/common';
import { AppError } from '../../../common/errors/app-error';
import { MAIL_COURIER, type MailCourier, type MessageStatus } from '../../mail/mail.port';
import { EmailErrors } from '../emails.errors';

export interface EmailView {
  id: string;
  status: MessageStatus;
  to: string;
  subject: string;
  attempts: { at: string; outcome: string; error?: string }[];
  transport: string | null;
  messageId: string;
  createdAt: string;
  sentAt?: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** GET /emails/:id: the outbox's record of one message — never its body, data or secrets. */
@Injectable()
export class GetEmailService {
  constructor(@Inject(MAIL_COURIER) private readonly courier: MailCourier) {}

  async get(id: string): Promise<EmailView> {
    // Not a UUID cannot be an id: answer 404 without asking the database (which would refuse the cast).
    const found = UUID.test(id) ? await this.courier.find(id.toLowerCase()) : undefined;
    if (!found) throw new AppError(EmailErrors.emailNotFound);
    return {
      id: found.id,
      status: found.status,
      to: found.to,
      subject: found.subject,
      attempts: found.attempts.map((a) => ({
        at: a.at.toISOString(),
        outcome: a.outcome,
        ...(a.error === undefined ? {} : { error: a.error }),
      })),
      transport: found.transport,
      messageId: found.messageId,
      createdAt: found.createdAt.toISOString(),
      ...(found.sentAt ? { sentAt: found.sentAt.toISOString() } : {}),
    };
  }
}
