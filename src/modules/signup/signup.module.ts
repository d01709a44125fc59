import { Module } from '@nestjs/common';
import type { AppConfig } from '../../config/config';
import { CONFIG, DB } from '../../core/tokens';
import type { Db } from '../../infra/db/db.port';
import { MailModule } from '../mail/mail.module';
import { RateLimitModule } from '../rate-limit/rate-limit.module';
import { AccountSweeper } from './account.sweeper';
import { ChangeEmailController } from './change-email/change-email.controller';
import { ChangeEmailService } from './change-email/change-email.service';
import { ConfirmEmailChangeController } from './confirm-email-change/confirm-email-change.controller';
import { ConfirmEmailChangeService } from './confirm-email-change/confirm-email-change.service';
import { EMAIL_CHANGE_STORE } from './database/email-change.store';
import { SqlEmailChangeStore } from './database/sql.email-change.store';
import { STORE_PROVIDERS } from './database/store.providers';
import { AccountMailer } from './notifications/account.mailer';
import { ConfirmPasswordResetService } from './password-reset/confirm-password-reset.service';
import { PasswordResetController } from './password-reset/password-reset.controller';
import { RequestPasswordResetService } from './password-reset/request-password-reset.service';
import { UndoEmailChangeController } from './undo-email-change/undo-email-change.controller';
import { UndoEmailChangeService } from './undo-email-change/undo-email-change.service';
import { CreateSignupController } from './create-signup/create-signup.controller';
import { CreateSignupService } from './create-signup/create-signup.service';
import { AccessTokens } from './domain/access-token';
import { PasswordHasher } from './domain/password.hasher';
import { LoginController } from './login/login.controller';
import { LoginService } from './login/login.service';
import { SignupMailer } from './notifications/signup.mailer';
import { ResendVerificationController } from './resend-verification/resend-verification.controller';
import { ResendVerificationService } from './resend-verification/resend-verification.service';
import { SignupSweeper } from './signup.sweeper';
import { BearerAuthGuard } from './users/bearer-auth.guard';
import { UsersController } from './users/users.controller';
import { VerifyEmailController } from './verify-email/verify-email.controller';
import { VerifyEmailService } from './verify-email/verify-email.service';

/**
 * Signup with email verification, login, the user routes, password reset and email change
 * (CONTRACT §4 "Signup").
 */
@Module({
  imports: [MailModule, RateLimitModule],
  controllers: [
    CreateSignupController,
    // Static paths before the `:id` route, though find-my-way prefers them anyway.
    VerifyEmailController,
    ResendVerificationController,
    LoginController,
    // Account recovery and email change (docs/account.md).
    PasswordResetController,
    ChangeEmailController,
    ConfirmEmailChangeController,
    UndoEmailChangeController,
    UsersController,
  ],
  providers: [
    ...STORE_PROVIDERS,
    { provide: PasswordHasher, useValue: new PasswordHasher() },
    { provide: AccessTokens, inject: [CONFIG], useFactory: (c: AppConfig) => new AccessTokens(c.keys.jwt) },
    SignupMailer,
    CreateSignupService,
    VerifyEmailService,
    ResendVerificationService,
    LoginService,
    BearerAuthGuard,
    SignupSweeper,
    { provide: EMAIL_CHANGE_STORE, inject: [DB], useFactory: (db: Db) => new SqlEmailChangeStore(db) },
    AccountMailer,
    RequestPasswordResetService,
    ConfirmPasswordResetService,
    ChangeEmailService,
    ConfirmEmailChangeService,
    UndoEmailChangeService,
    AccountSweeper,
  ],
})
export class SignupModule {}
