import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { PeriodicSweeper } from '../../../common/lifecycle/periodic-sweeper';
import { LOGGER } from '../../../core/tokens';
import { IDEMPOTENCY_STORE, type IdempotencyStore } from './idempotency.store';

/**
 * Deletes idempotency records past 24 hours. Housekeeping only: an expired record is treated as
 * absent (and taken over) by `claim` whether or not it was swept yet.
 */
@Injectable()
export class IdempotencySweeper extends PeriodicSweeper {
  constructor(
    @Inject(IDEMPOTENCY_STORE) private readonly store: IdempotencyStore,
    @Inject(LOGGER) log: Logger,
  ) {
    super(log, 'expired idempotency keys');
  }

  protected override needed(): boolean {
    return this.store.needsSweeping;
  }

  protected remove(): Promise<number> {
    return this.store.sweep();
  }
}
