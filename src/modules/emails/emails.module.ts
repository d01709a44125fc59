import { Module } from '@nestjs/common';
import type { AppConfig } from '../../config/config';
import { CONFIG, DB, REDIS } from '../../core/tokens';
import type { Db } from '../../infra/db/db.port';
import type { Redis } from '../../infra/redis/redis';
import { MailModule } from '../mail/mail.module';
import { ApiKeyGuard } from './api-key.guard';
import { GetEmailController } from './get-email/get-email.controller';
import { GetEmailService } from './get-email/get-email.service';
import { IDEMPOTENCY_STORE } from './idempotency/idempotency.store';
import { IdempotencySweeper } from './idempotency/idempotency.sweeper';
import { RedisIdempotencyStore } from './idempotency/redis.idempotency.store';
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
    {
      provide: IDEMPOTENCY_STORE,
      inject: [DB, REDIS, CONFIG],
      // Redis with a TTL when the runtime has it (distributed profile), the SQL table otherwise.
      useFactory: (db: Db, redis: Redis | null, config: AppConfig) =>
        redis ? new RedisIdempotencyStore(redis, config.redisKeyPrefix) : new SqlIdempotencyStore(db),
    },
    IdempotencySweeper,
    ApiKeyGuard,
    SendEmailService,
    GetEmailService,
    SnsEventsService,
  ],
})
export class EmailsModule {}
