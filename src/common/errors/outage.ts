import { type Dependency, DependencyUnavailableError } from '../../infra/outage';
import { isRedisOutage } from '../../infra/redis/redis-outage';

/**
 * Which backing service, if any, `err` says is down. PgDb raises DependencyUnavailableError itself (raw
 * socket errors are not guessed at here: they could come from anything);
 * Redis stores use the ioredis client directly, so its fail-fast errors are recognised here. Causes
 * are followed a few levels, for code that wraps an error it cannot handle.
 */
export function dependencyOutage(err: unknown): Dependency | undefined {
  let current = err;
  for (let depth = 0; depth < 4 && current instanceof Error; depth++) {
    if (current instanceof DependencyUnavailableError) return current.dependency;
    if (isRedisOutage(current)) return 'redis';
    current = current.cause;
  }
  return undefined;
}
