import { Module } from '@nestjs/common';
import type { AppConfig } from '../../config/config';
import { CONFIG, DB } from '../../core/tokens';
import type { Db } from '../../infra/db/db.port';
import { RATE_LIMITER } from './rate-limit.port';
import { RateLimitSweeper } from './rate-limit.sweeper';
import { SqlRateLimiter } from './sql.rate-limiter';

/** Store-backed rate limiting (RATE_LIMITER), with a sweeper that drops ended windows. */
@Module({
  providers: [
    {
      provide: RATE_LIMITER,
      inject: [DB, CONFIG],
      useFactory: (db: Db, config: AppConfig) => new SqlRateLimiter(db, config.keys.lookup, config.rateLimit),
    },
    RateLimitSweeper,
  ],
  exports: [RATE_LIMITER],
})
export class RateLimitModule {}
