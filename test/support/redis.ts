import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { queuePrefix } from '../../src/modules/mail/queue/mail-queue.port';
import { freshPostgresDatabase, services } from './services';

/**
 * A connection to the shared test Redis with a key prefix of its own, so suites (and other
 * engineers' runs) never see each other's keys. `keys` and `cleanup` cover the stores' keys
 * (`<prefix>…`) and the queue's (`{<prefix without ':'>}:mail:…`); `cleanup` deletes those only —
 * never FLUSHDB on a shared server — and disconnects.
 */
export async function redisForTest(url = services.redis): Promise<{
  redis: Redis;
  url: string;
  prefix: string;
  keys: () => Promise<string[]>;
  cleanup: () => Promise<void>;
}> {
  if (!url) throw new Error('Redis is not available');
  const prefix = `mailgate-test:${randomBytes(6).toString('hex')}:`;
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  const keys = async () => {
    const found: string[] = [];
    for (const pattern of [`${prefix}*`, `${queuePrefix(prefix)}:*`]) {
      let cursor = '0';
      do {
        const [next, batch] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
        found.push(...batch);
        cursor = next;
      } while (cursor !== '0');
    }
    return found;
  };
  return {
    redis,
    url,
    prefix,
    keys,
    cleanup: async () => {
      const mine = await keys();
      if (mine.length > 0) await redis.del(...mine);
      redis.disconnect();
    },
  };
}

/**
 * Settings for the distributed profile on the shared services: a fresh PostgreSQL database and a
 * Redis key prefix of its own. `cleanup` drops the database and deletes this prefix's keys only.
 */
export async function distributedEnv(urls: { postgres?: string; redis?: string } = services): Promise<{
  env: Record<string, string>;
  cleanup: () => Promise<void>;
}> {
  const pg = await freshPostgresDatabase(urls.postgres);
  const r = await redisForTest(urls.redis);
  return {
    env: { DATABASE_URL: pg.url, REDIS_URL: r.url, REDIS_KEY_PREFIX: r.prefix },
    cleanup: async () => {
      await r.cleanup();
      await pg.drop();
    },
  };
}
