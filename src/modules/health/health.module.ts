import { Global, Inject, Module, type OnModuleInit } from '@nestjs/common';
import { DB, REDIS } from '../../core/tokens';
import type { Db } from '../../infra/db/db.port';
import type { Redis } from '../../infra/redis/redis';
import { HealthController } from './health.controller';
import { HealthRegistry } from './health.port';

@Global()
@Module({ controllers: [HealthController], providers: [HealthRegistry], exports: [HealthRegistry] })
export class HealthModule implements OnModuleInit {
  constructor(
    private readonly registry: HealthRegistry,
    // Null in a mailbox-only process (no database) and in the embedded profile (no Redis).
    @Inject(DB) private readonly db: Db | null,
    @Inject(REDIS) private readonly redis: Redis | null,
  ) {}

  onModuleInit(): void {
    const db = this.db;
    if (db)
      this.registry.register({
        name: 'database',
        check: async () => {
          await db.ping();
          return { ok: true };
        },
      });
    const redis = this.redis;
    if (redis)
      this.registry.register({
        name: 'redis',
        check: async () => {
          await redis.ping();
          return { ok: true };
        },
      });
  }
}
