import type { Redis } from 'ioredis';
import type { Redis as AnyRedis } from './redis';
import { mastersOf } from './redis-masters';

/** One Redis setting that puts mailgate's data at risk, with the fix an operator can apply. */
export interface RedisPolicyFinding {
  setting: 'maxmemory-policy' | 'appendonly' | 'appendfsync';
  value: string;
  expected: string;
  risk: string;
  fix: string;
}

export interface RedisPolicy {
  maxmemoryPolicy?: string;
  appendonly?: string;
  appendfsync?: string;
  save?: string;
  /** `config` when CONFIG GET answered, `info` when it is disabled (managed Redis) and INFO was read. */
  source: 'config' | 'info';
}

/**
 * Reads the settings BullMQ's production guide asks for. CONFIG is often renamed or disabled on
 * managed Redis; INFO still tells the eviction policy and whether AOF is on.
 */
export async function readRedisPolicy(redis: Redis): Promise<RedisPolicy> {
  try {
    const pairs = (await redis.call(
      'CONFIG',
      'GET',
      'maxmemory-policy',
      'appendonly',
      'appendfsync',
      'save',
    )) as string[] | null;
    const map = new Map<string, string>();
    for (let i = 0; pairs && i + 1 < pairs.length; i += 2) map.set(pairs[i], pairs[i + 1]);
    if (map.has('maxmemory-policy'))
      return {
        source: 'config',
        maxmemoryPolicy: map.get('maxmemory-policy'),
        appendonly: map.get('appendonly'),
        appendfsync: map.get('appendfsync'),
        save: map.get('save'),
      };
  } catch (err) {
    if ((err as Error).name !== 'ReplyError') throw err; // unreachable: let the caller say so
  }
  const info = parseInfo(`${await redis.info('memory')}\n${await redis.info('persistence')}`);
  return {
    source: 'info',
    maxmemoryPolicy: info.get('maxmemory_policy'),
    appendonly: info.has('aof_enabled') ? (info.get('aof_enabled') === '1' ? 'yes' : 'no') : undefined,
  };
}

function parseInfo(text: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0 && !line.startsWith('#')) map.set(line.slice(0, colon), line.slice(colon + 1).trim());
  }
  return map;
}

/** What is unsafe in `policy`; unknown values (not readable) are not reported. */
export function judgeRedisPolicy(policy: RedisPolicy): RedisPolicyFinding[] {
  const findings: RedisPolicyFinding[] = [];
  if (policy.maxmemoryPolicy !== undefined && policy.maxmemoryPolicy !== 'noeviction')
    findings.push({
      setting: 'maxmemory-policy',
      value: policy.maxmemoryPolicy,
      expected: 'noeviction',
      risk: 'under memory pressure Redis silently deletes queued jobs, pending signups, rate-limit windows and idempotency keys',
      fix: 'set `maxmemory-policy noeviction` in redis.conf (or CONFIG SET maxmemory-policy noeviction, or the provider parameter group)',
    });
  if (policy.appendonly !== undefined && policy.appendonly !== 'yes') {
    const snapshots = policy.save !== undefined && policy.save.trim() !== '';
    findings.push({
      setting: 'appendonly',
      value: policy.appendonly,
      expected: 'yes',
      risk: snapshots
        ? `only RDB snapshots (save "${policy.save}"): a Redis crash loses every job and pending signup since the last snapshot`
        : 'no persistence at all: a Redis restart loses every queued job, pending signup and idempotency key',
      fix: 'set `appendonly yes` and `appendfsync everysec` in redis.conf (a crash then loses at most about one second of writes)',
    });
  } else if (policy.appendfsync !== undefined && policy.appendfsync === 'no') {
    findings.push({
      setting: 'appendfsync',
      value: policy.appendfsync,
      expected: 'everysec',
      risk: 'the operating system decides when the AOF reaches disk: a machine crash can lose about 30 seconds of writes',
      fix: 'set `appendfsync everysec` in redis.conf',
    });
  }
  return findings;
}

/** A finding and the masters (`host:port`) that have it. */
export type MastersFinding = RedisPolicyFinding & { masters: string[] };

/**
 * What is unsafe on any master behind `redis` (the one server, or every master of a cluster: each
 * holds its own share of the data, so each needs noeviction and persistence). One finding per
 * setting and value, naming the masters that have it.
 */
export async function judgeMasters(redis: AnyRedis): Promise<MastersFinding[]> {
  const byFinding = new Map<string, MastersFinding>();
  for (const master of mastersOf(redis)) {
    const where = `${master.options.host}:${master.options.port}`;
    for (const f of judgeRedisPolicy(await readRedisPolicy(master))) {
      const key = `${f.setting}=${f.value}`;
      const seen = byFinding.get(key);
      if (seen) seen.masters.push(where);
      else byFinding.set(key, { ...f, masters: [where] });
    }
  }
  return [...byFinding.values()];
}
