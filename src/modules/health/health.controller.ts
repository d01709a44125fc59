import { Controller, Get, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '../../common/http/openapi';
import type { FastifyReply } from 'fastify';
import { HealthRegistry, type HealthResult } from './health.port';

@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(private readonly registry: HealthRegistry) {}

  @Get()
  @ApiOperation({
    summary: 'Readiness: 503 names the failing dependency, or says the process is shutting down',
  })
  async health(@Res() reply: FastifyReply): Promise<void> {
    if (this.registry.shuttingDown) {
      await reply.status(503).send({ status: 'shutting_down', checks: { process: 'shutting down' } });
      return;
    }
    const results = await Promise.all(
      this.registry.list().map(async (c): Promise<[string, HealthResult]> => {
        try {
          return [c.name, await withTimeout(c.check(), CHECK_TIMEOUT_MS)];
        } catch (err) {
          return [c.name, { ok: false, detail: (err as Error).message }];
        }
      }),
    );
    const checks = Object.fromEntries(
      results.map(([name, r]) => [name, r.ok ? 'ok' : (r.detail ?? 'failing')]),
    );
    const warnings = Object.fromEntries(
      results.filter(([, r]) => r.ok && r.warning).map(([name, r]) => [name, r.warning]),
    );
    const ok = results.every(([, r]) => r.ok);
    await reply.status(ok ? 200 : 503).send({
      status: ok ? 'ok' : 'unavailable',
      checks,
      ...(Object.keys(warnings).length > 0 ? { warnings } : {}),
    });
  }
}

/** Each check's budget: /health itself must answer within a second, even when a dependency hangs. */
const CHECK_TIMEOUT_MS = 800;

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    p.then(resolve, reject).finally(() => clearTimeout(t));
  });
}
