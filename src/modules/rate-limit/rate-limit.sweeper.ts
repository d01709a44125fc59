import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { PeriodicSweeper } from '../../common/lifecycle/periodic-sweeper';
import { LOGGER } from '../../core/tokens';
import { RATE_LIMITER } from './rate-limit.port';
import type { SqlRateLimiter } from './sql.rate-limiter';

/** Drops rate-limit windows that have ended. */
@Injectable()
export class RateLimitSweeper extends PeriodicSweeper {
  constructor(
    @Inject(RATE_LIMITER) private readonly limiter: SqlRateLimiter,
    @Inject(LOGGER) log: Logger,
  ) {
    super(log, 'ended rate-limit windows');
  }

  protected remove(): Promise<number> {
    return this.limiter.sweep();
  }
}
