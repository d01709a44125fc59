import { type DynamicModule, Global, Module } from '@nestjs/common';
import type { Logger } from 'pino';
import type { AppConfig } from '../config/config';
import type { Db } from '../infra/db/db.port';
import { CONFIG, DB, LOGGER } from './tokens';

/** What exists before Nest starts and lives for the whole process. */
export interface Runtime {
  config: AppConfig;
  db: Db;
  log: Logger;
}

@Global()
@Module({})
export class CoreModule {
  static forRoot(runtime: Runtime): DynamicModule {
    return {
      module: CoreModule,
      providers: [
        { provide: CONFIG, useValue: runtime.config },
        { provide: DB, useValue: runtime.db },
        { provide: LOGGER, useValue: runtime.log },
      ],
      exports: [CONFIG, DB, LOGGER],
    };
  }
}
