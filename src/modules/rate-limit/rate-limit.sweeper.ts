import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { PeriodicSweeper } from '../../common/lifecycle/periodic-sweeper';
import { LOGGER } from '../../core/tokens';
import { RATE_LIMITER, type RateLimiter } from './rate-limit.port';

/** Drops rate-limit windows that have ended from the SQL table (Redis counters expire by themselves). */
@Injectable()
export class RateLimitSweeper extends PeriodicSweeper {
  constructor(
    @Inject(RATE_LIMITER) private readonly limiter: RateLimiter,
    @Inject(LOGGER) log: Logger,
  ) {
    super(log, 'ended rate-limit windows');
  }

  protected override needed(): boolean {
    return this.limiter.sweep !== undefined;
  }

  protected remove(): Promise<number> {
    return this.limiter.sweep?.() ?? Promise.resolve(0);
  }
}
