import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import { LOGGER } from '../../../core/tokens';
import { IDEMPOTENCY_STORE, type IdempotencyStore } from './idempotency.store';

const EVERY_MS = 60_000;

/**
 * Deletes idempotency records past 24 hours. Housekeeping only: an expired record is treated as
 * absent (and taken over) by `claim` whether or not it was swept yet.
 */
@Injectable()
export class IdempotencySweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;

  constructor(
    @Inject(IDEMPOTENCY_STORE) private readonly store: IdempotencyStore,
    @Inject(LOGGER) private readonly log: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.sweep(), EVERY_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  async sweep(): Promise<number> {
    try {
      const removed = await this.store.sweep();
      if (removed > 0) this.log.debug({ removed }, 'expired idempotency keys swept');
      return removed;
    } catch (err) {
      this.log.warn({ err }, 'idempotency key sweep failed');
      return 0;
    }
  }
}
