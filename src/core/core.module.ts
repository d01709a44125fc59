import { type DynamicModule, Global, Module } from '@nestjs/common';
import type { Logger } from 'pino';
import type { AppConfig } from '../config/config';
import type { Db } from '../infra/db/db.port';
import type { Redis } from '../infra/redis/redis';
import { CONFIG, DB, LOGGER, REDIS } from './tokens';

/** What exists before Nest starts and lives for the whole process. */
export interface Runtime {
  config: AppConfig;
  /** Absent in a `mailbox`-only process, which keeps its mail in files and needs no database. */
  db?: Db;
  log: Logger;
  /** Set in the distributed profile only: the stores' Redis connection. */
  redis?: Redis;
}

@Global()
@Module({})
export class CoreModule {
  static forRoot(runtime: Runtime): DynamicModule {
    return {
      module: CoreModule,
      providers: [
        { provide: CONFIG, useValue: runtime.config },
        { provide: DB, useValue: runtime.db ?? null },
        { provide: LOGGER, useValue: runtime.log },
        { provide: REDIS, useValue: runtime.redis ?? null },
      ],
      exports: [CONFIG, DB, LOGGER, REDIS],
    };
  }
}
