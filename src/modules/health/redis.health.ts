import type { Logger } from 'pino';
import type { Redis } from '../../infra/redis/redis';
import { judgeRedisPolicy, readRedisPolicy, type RedisPolicyFinding } from '../../infra/redis/redis-policy';
import type { HealthCheck, HealthResult } from './health.port';

/** How long /health reuses what it read of Redis's settings (they change rarely; PING is every probe). */
const POLICY_TTL_MS = 60_000;

/**
 * The distributed profile's Redis in /health: PING decides ok or 503; an unsafe setting
 * (eviction, no AOF) is a warning that keeps the service up but says what to fix.
 */
export class RedisHealth implements HealthCheck {
  readonly name = 'redis';
  private policy?: { at: number; findings: RedisPolicyFinding[] };

  constructor(
    private readonly redis: Redis,
    private readonly log: Logger,
  ) {}

  /** At start-up: one structured warning per unsafe setting, naming it and the fix. */
  async logPolicy(): Promise<void> {
    try {
      for (const f of await this.findings())
        this.log.warn(
          { setting: f.setting, value: f.value, expected: f.expected, risk: f.risk, fix: f.fix },
          `Redis ${f.setting} is ${f.value}, mailgate needs ${f.expected}`,
        );
    } catch (err) {
      this.log.warn({ err }, 'could not read the Redis settings (maxmemory-policy, appendonly)');
    }
  }

  async check(): Promise<HealthResult> {
    try {
      await this.redis.ping();
    } catch {
      return { ok: false, detail: 'unreachable: Redis does not answer' };
    }
    const findings = await this.findings().catch(() => []);
    if (findings.length === 0) return { ok: true };
    return {
      ok: true,
      warning: findings
        .map((f) => `${f.setting} is ${f.value} (should be ${f.expected}): ${f.fix}`)
        .join('; '),
    };
  }

  private async findings(): Promise<RedisPolicyFinding[]> {
    if (this.policy && Date.now() - this.policy.at < POLICY_TTL_MS) return this.policy.findings;
    const findings = judgeRedisPolicy(await readRedisPolicy(this.redis));
    this.policy = { at: Date.now(), findings };
    return findings;
  }
}
