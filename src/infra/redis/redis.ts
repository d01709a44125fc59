import { Redis } from 'ioredis';

export { Redis };

/**
 * Opens the distributed profile's Redis connection for stores (pending signups, rate limits,
 * idempotency keys). Commands fail fast instead of queueing while Redis is away, so a request
 * answers 503 within a second rather than hanging; ioredis keeps reconnecting in the background and
 * the service resumes by itself when Redis is back. BullMQ opens its own connections (it needs
 * `maxRetriesPerRequest: null` for blocking commands).
 */
export async function openRedis(url: string): Promise<Redis> {
  const redis = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    connectTimeout: 1000,
    commandTimeout: 1000,
    retryStrategy: (times) => Math.min(times * 100, 1000),
  });
  // Without a listener, a dropped connection is an unhandled 'error' event that kills the process.
  redis.on('error', () => undefined);
  await redis.connect();
  return redis;
}

/**
 * A connection for BullMQ, which wants one of its own (it must not carry an ioredis keyPrefix; its
 * own `prefix` option namespaces the keys). A `worker` connection blocks waiting for jobs, so BullMQ
 * requires `maxRetriesPerRequest: null` there: commands wait for a reconnect instead of failing. A
 * `producer` connection fails fast like the stores' one, so adding a job during an outage errors at
 * once (the outbox relay adds it later) instead of piling up in memory.
 */
export function openQueueRedis(url: string, kind: 'producer' | 'worker'): Redis {
  const redis = new Redis(url, {
    maxRetriesPerRequest: kind === 'worker' ? null : 1,
    enableOfflineQueue: kind === 'worker',
    connectTimeout: 1000,
    retryStrategy: (times) => Math.min(times * 100, 1000),
  });
  redis.on('error', () => undefined);
  return redis;
}
