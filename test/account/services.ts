import { createLogger } from '../../src/common/logging/logger';
import type { SendVerdict, TemplateMail } from '../../src/modules/mail/mail.port';
import { SendGuardRegistry } from '../../src/modules/mail/send-guard.registry';
import { SqlRateLimiter } from '../../src/modules/rate-limit/sql.rate-limiter';
import { AccountSweeper } from '../../src/modules/signup/account.sweeper';
import { ChangeEmailService } from '../../src/modules/signup/change-email/change-email.service';
import { ConfirmEmailChangeService } from '../../src/modules/signup/confirm-email-change/confirm-email-change.service';
import { SqlEmailChangeStore } from '../../src/modules/signup/database/sql.email-change.store';
import { SqlPasswordResetStore } from '../../src/modules/signup/database/sql.password-reset.store';
import { PasswordHasher } from '../../src/modules/signup/domain/password.hasher';
import { AccountMailer } from '../../src/modules/signup/notifications/account.mailer';
import { ConfirmPasswordResetService } from '../../src/modules/signup/password-reset/confirm-password-reset.service';
import { PasswordResetSendGuard } from '../../src/modules/signup/password-reset/password-reset.send-guard';
import { RequestPasswordResetService } from '../../src/modules/signup/password-reset/request-password-reset.service';
import { UndoEmailChangeService } from '../../src/modules/signup/undo-email-change/undo-email-change.service';
import { type Store, signupServices } from '../signup/services';

/**
 * The signup services (test/signup/services.ts) plus password reset and email change, wired by hand
 * over the same real database and fake outbox.
 */
export async function accountServices(store: Store, env: Record<string, string> = {}) {
  const s = await signupServices(store, env);
  const { config, db, outbox, users } = s;
  const log = createLogger('silent');
  const limiter = new SqlRateLimiter(db, config.keys.lookup, config.rateLimit);
  const resets = new SqlPasswordResetStore(db);
  const changes = new SqlEmailChangeStore(db);
  const hasher = new PasswordHasher();
  const mailer = new AccountMailer(config, outbox);
  const resetGuard = new PasswordResetSendGuard(db, new SendGuardRegistry(), resets, users);
  return {
    ...s,
    resets,
    changes,
    requestReset: new RequestPasswordResetService(config, db, log, limiter, resets, mailer),
    resetGuard,
    /** What the worker does just before sending a password-reset mail: asks its guard. */
    guardReset: (mail: TemplateMail): Promise<SendVerdict> =>
      resetGuard.check({
        id: 'not-stored',
        to: mail.to.address,
        template: mail.template,
        locale: mail.locale,
        data: mail.data,
      }),
    confirmReset: new ConfirmPasswordResetService(
      config,
      db,
      log,
      limiter,
      resets,
      changes,
      users,
      hasher,
      mailer,
    ),
    changeEmail: new ChangeEmailService(config, db, log, limiter, changes, hasher, mailer),
    confirmChange: new ConfirmEmailChangeService(config, db, log, limiter, changes, resets, users),
    undoChange: new UndoEmailChangeService(config, db, log, limiter, changes, resets, users),
    sweeper: new AccountSweeper(resets, changes, log),
  };
}

export type AccountServices = Awaited<ReturnType<typeof accountServices>>;

/** The `token` query parameter of a mailed link. */
export function tokenParam(link: string): string {
  return new URL(link).searchParams.get('token') ?? '';
}
