import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { PeriodicSweeper } from '../../common/lifecycle/periodic-sweeper';
import { LOGGER } from '../../core/tokens';
import { PENDING_SIGNUP_STORE, type PendingSignupStore } from './database/pending-signup.store';

/** Deletes pending signups past their expiry, so the embedded store does not grow without end. */
@Injectable()
export class SignupSweeper extends PeriodicSweeper {
  constructor(
    @Inject(PENDING_SIGNUP_STORE) private readonly pending: PendingSignupStore,
    @Inject(LOGGER) log: Logger,
  ) {
    super(log, 'expired pending signups');
  }

  protected remove(): Promise<number> {
    return this.pending.sweep(new Date());
  }
}
