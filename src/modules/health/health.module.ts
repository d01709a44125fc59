import { Global, Inject, Module, type OnModuleInit } from '@nestjs/common';
import type { Logger } from 'pino';
import { DB, LOGGER, REDIS } from '../../core/tokens';
import type { Db } from '../../infra/db/db.port';
import type { Redis } from '../../infra/redis/redis';
import { HealthController } from './health.controller';
import { HealthRegistry } from './health.port';
import { RedisHealth } from './redis.health';

@Global()
@Module({ controllers: [HealthController], providers: [HealthRegistry], exports: [HealthRegistry] })
export class HealthModule implements OnModuleInit {
  constructor(
    private readonly registry: HealthRegistry,
    // Null in a mailbox-only process (no database); REDIS is null in the embedded profile.
    @Inject(DB) private readonly db: Db | null,
    @Inject(REDIS) private readonly redis: Redis | null,
    @Inject(LOGGER) private readonly log: Logger,
  ) {}

  async onModuleInit(): Promise<void> {
    const db = this.db;
    if (db)
      this.registry.register({
        name: 'database',
        check: async () => {
          try {
            await db.ping();
          } catch {
            // A fixed text: the driver's message names hosts and ports.
            return { ok: false, detail: 'unreachable: the database does not answer' };
          }
          return { ok: true };
        },
      });
    if (this.redis) {
      const redis = new RedisHealth(this.redis, this.log);
      await redis.logPolicy();
      this.registry.register(redis);
    }
  }
}
