import { createHash } from 'node:crypto';
import type { Redis } from './redis';

/**
 * A Lua script run atomically by Redis: EVALSHA, falling back to EVAL the first time a server has
 * not seen it (or after a restart flushed its script cache). The stores build every multi-step
 * operation from these, so no other client ever observes half of one.
 */
export class RedisScript {
  private readonly sha: string;

  constructor(private readonly lua: string) {
    this.sha = createHash('sha1').update(lua).digest('hex');
  }

  async run<T>(redis: Redis, keys: string[], args: (string | number)[]): Promise<T> {
    try {
      return (await redis.evalsha(this.sha, keys.length, ...keys, ...args)) as T;
    } catch (err) {
      if (!(err instanceof Error) || !err.message.startsWith('NOSCRIPT')) throw err;
      return (await redis.eval(this.lua, keys.length, ...keys, ...args)) as T;
    }
  }
}
