import { MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { ReportsController } from './reports.controller';
import { reportsPageMount } from './reports-page.middleware';
import { ReportsService } from './reports.service';

/**
 * Manager reports: SLA compliance, backlog, escalations, repeat complaints, agents and the
 * breach list, as JSON or CSV over /api/v1/reports/*, and the reports page at /reports.
 * Reads the tables of complaints, sla, customers and users; writes nothing.
 */
@Module({
  controllers: [ReportsController],
  providers: [ReportsService],
})
export class ReportsModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(reportsPageMount()).forRoutes({ path: 'reports', method: RequestMethod.GET }, { path: 'reports/*path', method: RequestMethod.GET });
  }
}
