import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { LoggingModule } from '../common/logging/logging.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { ComplaintsModule } from '../complaints/complaints.module';
import { AppConfigModule } from '../config/config.module';
import { CustomersModule } from '../customers/customers.module';
import { DatabaseModule } from '../database/database.module';
import { HealthModule } from '../health/health.module';
import { MetricsModule } from '../metrics/metrics.module';
import { IdempotencyModule } from '../idempotency/idempotency.module';
import { QueueDashboardModule } from '../queue/queue-dashboard.module';
import { QueueModule } from '../queue/queue.module';
import { SlaModule } from '../sla/sla.module';
import { TriageModule } from '../triage/triage.module';
import { WorkersModule } from './workers.module';

@Module({
  imports: [
    AppConfigModule,
    LoggingModule,
    DatabaseModule,
    QueueModule,
    QueueDashboardModule,
    IdempotencyModule,
    AuthModule,
    HealthModule,
    MetricsModule,
    NotificationsModule,
    CustomersModule,
    ComplaintsModule,
    // Before SlaModule: intake triage refines the priority before the SLA clocks start.
    TriageModule,
    SlaModule,
    // One-machine setup: the API process also runs the deadline workers unless RUN_WORKERS=false.
    ...(['false', '0'].includes((process.env.RUN_WORKERS ?? 'true').toLowerCase()) ? [] : [WorkersModule]),
  ],
})
export class AppModule {}
