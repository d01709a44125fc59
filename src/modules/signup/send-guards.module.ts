import { Module } from '@nestjs/common';
import { MailModule } from '../mail/mail.module';
import { RateLimitModule } from '../rate-limit/rate-limit.module';
import { SignupVerifySendGuard } from './create-signup/signup-verify.send-guard';
import { STORE_PROVIDERS } from './database/store.providers';
import { SignupMailer } from './notifications/signup.mailer';
import { PasswordResetSendGuard } from './password-reset/password-reset.send-guard';

/**
 * The signup mails' send guards (mail.port.ts, SendGuard), loaded wherever the mail worker runs (the
 * worker role: `npm start` and `mailgate worker`), apart from SignupModule so a worker process loads
 * only these, their stores and the rate limiter (the account-exists notice's limit), not the HTTP
 * routes or argon2.
 */
@Module({
  imports: [MailModule, RateLimitModule],
  providers: [...STORE_PROVIDERS, SignupMailer, PasswordResetSendGuard, SignupVerifySendGuard],
})
export class SignupSendGuardsModule {}
