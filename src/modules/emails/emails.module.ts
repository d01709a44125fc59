import { Module } from '@nestjs/common';
import { DB } from '../../core/tokens';
import type { Db } from '../../infra/db/db.port';
import { MailModule } from '../mail/mail.module';
import { ApiKeyGuard } from './api-key.guard';
import { GetEmailController } from './get-email/get-email.controller';
import { GetEmailService } from './get-email/get-email.service';
import { IDEMPOTENCY_STORE } from './idempotency/idempotency.store';
import { IdempotencySweeper } from './idempotency/idempotency.sweeper';
import { SqlIdempotencyStore } from './idempotency/sql.idempotency.store';
import { SendEmailController } from './send-email/send-email.controller';
import { SendEmailService } from './send-email/send-email.service';
import { SnsEventsController } from './sns-events/sns-events.controller';
import { SnsEventsService } from './sns-events/sns-events.service';
import { SuppressionsController } from './suppressions/suppressions.controller';

/** The Email API (CONTRACT §4 "Email API"): app server → outbox → worker. */
@Module({
  imports: [MailModule],
  // The static /emails/suppressions routes before /emails/:id (find-my-way prefers them anyway).
  controllers: [SuppressionsController, SnsEventsController, SendEmailController, GetEmailController],
  providers: [
    { provide: IDEMPOTENCY_STORE, inject: [DB], useFactory: (db: Db) => new SqlIdempotencyStore(db) },
    IdempotencySweeper,
    ApiKeyGuard,
    SendEmailService,
    GetEmailService,
    SnsEventsService,
  ],
})
export class EmailsModule {}
