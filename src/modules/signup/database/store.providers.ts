import type { Provider } from '@nestjs/common';
import type { AppConfig } from '../../../config/config';
import { CONFIG, DB, REDIS } from '../../../core/tokens';
import type { Db } from '../../../infra/db/db.port';
import type { Redis } from '../../../infra/redis/redis';
import { PASSWORD_RESET_STORE } from './password-reset.store';
import { PENDING_SIGNUP_STORE } from './pending-signup.store';
import { RedisPendingSignupStore } from './redis.pending-signup.store';
import { SqlPasswordResetStore } from './sql.password-reset.store';
import { SqlPendingSignupStore } from './sql.pending-signup.store';
import { SqlUserRepository } from './sql.user.repository';
import { USER_REPOSITORY } from './user.repository';

/**
 * The stores both SignupModule (the routes) and SignupSendGuardsModule (the worker's guards) use,
 * provided the same way in each.
 */
export const STORE_PROVIDERS: Provider[] = [
  {
    provide: PENDING_SIGNUP_STORE,
    inject: [DB, REDIS, CONFIG],
    // Redis when the runtime has it (distributed profile), the SQL table otherwise.
    useFactory: (db: Db, redis: Redis | null, config: AppConfig) =>
      redis ? new RedisPendingSignupStore(redis, config.redisKeyPrefix) : new SqlPendingSignupStore(db),
  },
  { provide: USER_REPOSITORY, inject: [DB], useFactory: (db: Db) => new SqlUserRepository(db) },
  { provide: PASSWORD_RESET_STORE, inject: [DB], useFactory: (db: Db) => new SqlPasswordResetStore(db) },
];
