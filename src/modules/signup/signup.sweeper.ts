import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import { LOGGER } from '../../core/tokens';
import { PENDING_SIGNUP_STORE, type PendingSignupStore } from './database/pending-signup.store';

const EVERY_MS = 60_000;

/** Deletes pending signups past their expiry, so the embedded store does not grow without end. */
@Injectable()
export class SignupSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;

  constructor(
    @Inject(PENDING_SIGNUP_STORE) private readonly pending: PendingSignupStore,
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
      const removed = await this.pending.sweep(new Date());
      if (removed > 0) this.log.debug({ removed }, 'expired pending signups swept');
      return removed;
    } catch (err) {
      this.log.warn({ err }, 'pending signup sweep failed');
      return 0;
    }
  }
}
