import { Module } from '@nestjs/common';
import type { AppConfig } from '../../config/config';
import { CONFIG, DB, REDIS } from '../../core/tokens';
import type { Db } from '../../infra/db/db.port';
import type { Redis } from '../../infra/redis/redis';
import { RATE_LIMITER } from './rate-limit.port';
import { RateLimitSweeper } from './rate-limit.sweeper';
import { RedisRateLimiter } from './redis.rate-limiter';
import { SqlRateLimiter } from './sql.rate-limiter';

/** Store-backed rate limiting (RATE_LIMITER): Redis when the runtime has it, else the SQL table. */
@Module({
  providers: [
    {
      provide: RATE_LIMITER,
      inject: [DB, REDIS, CONFIG],
      useFactory: (db: Db, redis: Redis | null, config: AppConfig) =>
        redis
          ? new RedisRateLimiter(redis, config.redisKeyPrefix, config.keys.lookup, config.rateLimit)
          : new SqlRateLimiter(db, config.keys.lookup, config.rateLimit),
    },
    RateLimitSweeper,
  ],
  exports: [RATE_LIMITER],
})
export class RateLimitModule {}
