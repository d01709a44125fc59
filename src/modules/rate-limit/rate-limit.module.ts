import { Inject, Module, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import type { AppConfig } from '../../config/config';
import { CONFIG, DB, LOGGER } from '../../core/tokens';
import type { Db } from '../../infra/db/db.port';
import { RATE_LIMITER } from './rate-limit.port';
import { SqlRateLimiter } from './sql.rate-limiter';

const SWEEP_EVERY_MS = 60_000;

/** Store-backed rate limiting (RATE_LIMITER), with a sweeper that drops ended windows. */
@Module({
  providers: [
    {
      provide: RATE_LIMITER,
      inject: [DB, CONFIG],
      useFactory: (db: Db, config: AppConfig) => new SqlRateLimiter(db, config.keys.lookup, config.rateLimit),
    },
  ],
  exports: [RATE_LIMITER],
})
export class RateLimitModule implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;

  constructor(
    @Inject(RATE_LIMITER) private readonly limiter: SqlRateLimiter,
    @Inject(LOGGER) private readonly log: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.sweep(), SWEEP_EVERY_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  private async sweep(): Promise<void> {
    try {
      const removed = await this.limiter.sweep();
      if (removed > 0) this.log.debug({ removed }, 'rate-limit windows swept');
    } catch (err) {
      this.log.warn({ err }, 'rate-limit sweep failed');
    }
  }
}
