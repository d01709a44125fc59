import { Module } from '@nestjs/common';
import { DB } from '../../core/tokens';
import type { Db } from '../../infra/db/db.port';
import { MailModule } from '../mail/mail.module';
import { PASSWORD_RESET_STORE } from './database/password-reset.store';
import { SqlPasswordResetStore } from './database/sql.password-reset.store';
import { SqlUserRepository } from './database/sql.user.repository';
import { USER_REPOSITORY } from './database/user.repository';
import { PasswordResetSendGuard } from './password-reset/password-reset.send-guard';

/**
 * The signup mails' send guards (mail.port.ts, SendGuard), loaded wherever the mail worker runs (the
 * worker role: `npm start` and `mailgate worker`), apart from SignupModule so a worker process loads
 * only these and their SQL stores, not the HTTP routes or argon2.
 */
@Module({
  imports: [MailModule],
  providers: [
    { provide: USER_REPOSITORY, inject: [DB], useFactory: (db: Db) => new SqlUserRepository(db) },
    { provide: PASSWORD_RESET_STORE, inject: [DB], useFactory: (db: Db) => new SqlPasswordResetStore(db) },
    PasswordResetSendGuard,
  ],
})
export class SignupSendGuardsModule {}
