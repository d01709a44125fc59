import { Module } from '@nestjs/common';

/** Store-backed rate limiting (RATE_LIMITER). */
@Module({})
export class RateLimitModule {}
