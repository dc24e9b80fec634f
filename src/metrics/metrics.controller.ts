import { Controller, Get, Header, Headers } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { AppException } from '../common/errors/app.exception';
import { ErrorCode } from '../common/errors/error-code';
import { AppConfig } from '../config/app-config';
import { metricsRegistry } from './sla-metrics';

/** Prometheus text; requires `Authorization: Bearer <METRICS_TOKEN>` when that variable is set. */
@ApiExcludeController()
@Controller('metrics')
export class MetricsController {
  constructor(private readonly config: AppConfig) {}

  @Get()
  @Header('Content-Type', metricsRegistry.contentType)
  async metrics(@Headers('authorization') authorization?: string): Promise<string> {
    const token = this.config.get('METRICS_TOKEN');
    if (token && authorization !== `Bearer ${token}`) throw new AppException(ErrorCode.UNAUTHENTICATED, 'A metrics token is required');
    return metricsRegistry.metrics();
  }
}
