import { Controller, Get, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '../../common/http/openapi';
import type { FastifyReply } from 'fastify';
import { MetricsService } from './metrics.service';

/**
 * Prometheus scrapes this. It is on the main port for simplicity: do not route it from the public
 * load balancer (see docs/deploy.md), as it shows traffic and queue figures.
 */
@ApiTags('operations')
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  @Get()
  @ApiOperation({ summary: 'Prometheus metrics (text exposition format); keep it off the public internet' })
  async scrape(@Res() reply: FastifyReply): Promise<void> {
    const { contentType, body } = await this.metrics.scrape();
    await reply.type(contentType).send(body);
  }
}
