import { Global, Inject, Module, type OnModuleInit } from '@nestjs/common';
import { DB } from '../../core/tokens';
import type { Db } from '../../infra/db/db.port';
import { HealthController } from './health.controller';
import { HealthRegistry } from './health.port';

@Global()
@Module({ controllers: [HealthController], providers: [HealthRegistry], exports: [HealthRegistry] })
export class HealthModule implements OnModuleInit {
  constructor(
    private readonly registry: HealthRegistry,
    @Inject(DB) private readonly db: Db,
  ) {}

  onModuleInit(): void {
    this.registry.register({
      name: 'database',
      check: async () => {
        await this.db.ping();
        return { ok: true };
      },
    });
  }
}
