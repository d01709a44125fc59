import type { Logger } from 'pino';
import type { Redis } from '../../infra/redis/redis';
import { unreachableMasters } from '../../infra/redis/redis-masters';
import { judgeMasters, type MastersFinding } from '../../infra/redis/redis-policy';
import type { HealthCheck, HealthResult } from './health.port';

/** How long /health reuses what it read of Redis's settings (they change rarely; PING is every probe). */
const POLICY_TTL_MS = 60_000;

/**
 * The distributed profile's Redis in /health: PING decides ok or 503; an unsafe setting
 * (eviction, no AOF) is a warning that keeps the service up but says what to fix.
 */
export class RedisHealth implements HealthCheck {
  readonly name = 'redis';
  private policy?: { at: number; findings: MastersFinding[] };

  constructor(
    private readonly redis: Redis,
    private readonly log: Logger,
  ) {}

  /** At start-up: one structured warning per unsafe setting, naming it, the fix and the masters. */
  async logPolicy(): Promise<void> {
    try {
      for (const f of await this.findings())
        this.log.warn(
          {
            setting: f.setting,
            value: f.value,
            expected: f.expected,
            risk: f.risk,
            fix: f.fix,
            masters: f.masters,
          },
          `Redis ${f.setting} is ${f.value}, mailgate needs ${f.expected}`,
        );
    } catch (err) {
      this.log.warn({ err }, 'could not read the Redis settings (maxmemory-policy, appendonly)');
    }
  }

  async check(): Promise<HealthResult> {
    const { down, of } = await unreachableMasters(this.redis);
    // Fixed texts, no addresses: /health is often public.
    if (down > 0)
      return {
        ok: false,
        detail:
          of === 1
            ? 'unreachable: Redis does not answer'
            : `unreachable: ${down} of ${of} Redis Cluster masters do not answer`,
      };
    const findings = await this.findings().catch(() => []);
    if (findings.length === 0) return { ok: true };
    return {
      ok: true,
      warning: findings
        .map((f) => `${f.setting} is ${f.value} (should be ${f.expected}): ${f.fix}`)
        .join('; '),
    };
  }

  private async findings(): Promise<MastersFinding[]> {
    if (this.policy && Date.now() - this.policy.at < POLICY_TTL_MS) return this.policy.findings;
    const findings = await judgeMasters(this.redis);
    this.policy = { at: Date.now(), findings };
    return findings;
  }
}
