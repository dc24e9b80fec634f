import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { ComplaintsModule } from '../complaints/complaints.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { QueueModule } from '../queue/queue.module';
import { TriageModule } from '../triage/triage.module';
import { WorkflowModule } from '../workflow/workflow.module';
import { CompensationProposalsService } from './compensation-proposals.service';
import { CompensationReportService } from './compensation-report.service';
import { CompensationReportsController } from './compensation-reports.controller';
import { CompensationSettingsController } from './compensation-settings.controller';
import { CompensationSettingsService } from './compensation-settings.service';
import { CompensationService } from './compensation.service';
import { CompensationsController, ComplaintCompensationsController } from './compensations.controller';
import { FulfilmentScheduler } from './fulfilment/fulfilment.scheduler';

/**
 * Compensation, above the workflow: proposals and their moves (each a locked change of the
 * complaint), approval limits and team budgets as data, suggestions, reports. The fulfilment
 * worker lives in CompensationWorkersModule.
 */
@Module({
  imports: [WorkflowModule, AuthModule, ComplaintsModule, TriageModule, NotificationsModule, QueueModule],
  controllers: [ComplaintCompensationsController, CompensationsController, CompensationSettingsController, CompensationReportsController],
  providers: [CompensationService, CompensationProposalsService, CompensationSettingsService, CompensationReportService, FulfilmentScheduler],
  exports: [CompensationService, FulfilmentScheduler],
})
export class CompensationModule {}
