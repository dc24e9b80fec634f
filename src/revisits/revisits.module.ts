import { Module } from '@nestjs/common';
import { CustomersModule } from '../customers/customers.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { WorkflowModule } from '../workflow/workflow.module';
import { RecoveryPlansService } from './api/recovery-plans.service';
import { RevisitAttemptsService } from './api/revisit-attempts.service';
import { RevisitsController } from './api/revisits.controller';
import { SatisfactionReportService } from './api/satisfaction-report.service';
import { RevisitsCoreModule } from './revisits-core.module';

/**
 * The revisits API, above the workflow: the worklist, attempts and recovery plans run as
 * changes of their complaint (ComplaintWorkflowService.change); the satisfaction report.
 */
@Module({
  imports: [RevisitsCoreModule, WorkflowModule, CustomersModule, NotificationsModule],
  controllers: [RevisitsController],
  providers: [RevisitAttemptsService, RecoveryPlansService, SatisfactionReportService],
})
export class RevisitsModule {}
