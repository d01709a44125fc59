import { Global, Module } from '@nestjs/common';
import { MetricsController } from './metrics.controller';
import { METRICS } from './metrics.port';
import { MetricsService } from './metrics.service';

/** GET /metrics and the AppMetrics every feature reports to (global: any module may inject METRICS). */
@Global()
@Module({
  controllers: [MetricsController],
  providers: [MetricsService, { provide: METRICS, useExisting: MetricsService }],
  exports: [METRICS, MetricsService],
})
export class MetricsModule {}
