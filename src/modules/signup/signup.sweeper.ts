import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { PeriodicSweeper } from '../../common/lifecycle/periodic-sweeper';
import { LOGGER } from '../../core/tokens';
import { PENDING_SIGNUP_STORE, type PendingSignupStore } from './database/pending-signup.store';

/** Deletes pending signups past their expiry, so the SQL store does not grow without end (Redis expires its own). */
@Injectable()
export class SignupSweeper extends PeriodicSweeper {
  constructor(
    @Inject(PENDING_SIGNUP_STORE) private readonly pending: PendingSignupStore,
    @Inject(LOGGER) log: Logger,
  ) {
    super(log, 'expired pending signups');
  }

  protected override needed(): boolean {
    return this.pending.needsSweeping;
  }

  protected remove(): Promise<number> {
    return this.pending.sweep(new Date());
  }
}
