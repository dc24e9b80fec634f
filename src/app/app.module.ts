import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { CompensationModule } from '../compensation/compensation.module';
import { LoggingModule } from '../common/logging/logging.module';
import { AppConfigModule } from '../config/config.module';
import { CustomersModule } from '../customers/customers.module';
import { DatabaseModule } from '../database/database.module';
import { HealthModule } from '../health/health.module';
import { MetricsModule } from '../metrics/metrics.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { KnowledgeModule } from '../knowledge/knowledge.module';
import { QueueDashboardModule } from './queue-dashboard.module';
import { RootCauseModule } from '../root-cause/root-cause.module';
import { ReportsModule } from '../reports/reports.module';
import { RevisitsModule } from '../revisits/revisits.module';
import { SlaModule } from '../sla/sla.module';
import { TriageModule } from '../triage/triage.module';
import { WebhooksModule } from '../webhooks/webhooks.module';
import { WorkflowModule } from '../workflow/workflow.module';
import { WorkersModule } from './workers.module';

/** Root module of the HTTP process. */
@Module({
  imports: [
    AppConfigModule,
    LoggingModule,
    DatabaseModule,
    AuthModule,
    HealthModule,
    MetricsModule,
    QueueDashboardModule,
    NotificationsModule,
    CustomersModule,
    TriageModule,
    SlaModule,
    WorkflowModule,
    KnowledgeModule,
    RootCauseModule,
    CompensationModule,
    ReportsModule,
    RevisitsModule,
    WebhooksModule,
    // One-machine setup: the API process also runs the deadline workers unless RUN_WORKERS=false.
    ...(['false', '0'].includes((process.env.RUN_WORKERS ?? 'true').toLowerCase()) ? [] : [WorkersModule]),
  ],
})
export class AppModule {}
