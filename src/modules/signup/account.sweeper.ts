import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { PeriodicSweeper } from '../../common/lifecycle/periodic-sweeper';
import { LOGGER } from '../../core/tokens';
import { EMAIL_CHANGE_STORE, type EmailChangeStore } from './database/email-change.store';
import { PASSWORD_RESET_STORE, type PasswordResetStore } from './database/password-reset.store';

/**
 * Deletes password resets past their 30 minutes and email changes past their 7-day undo window.
 * Reads already ignore expired rows; this only bounds growth.
 */
@Injectable()
export class AccountSweeper extends PeriodicSweeper {
  constructor(
    @Inject(PASSWORD_RESET_STORE) private readonly resets: PasswordResetStore,
    @Inject(EMAIL_CHANGE_STORE) private readonly changes: EmailChangeStore,
    @Inject(LOGGER) log: Logger,
  ) {
    super(log, 'expired password resets and email changes');
  }

  protected async remove(): Promise<number> {
    const now = new Date();
    return (await this.resets.sweep(now)) + (await this.changes.sweep(now));
  }
}
