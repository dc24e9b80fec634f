import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { ComplaintsModule } from '../complaints/complaints.module';
import { KnowledgeModule } from '../knowledge/knowledge.module';
import { QueueModule } from '../queue/queue.module';
import { UnitOfWorkModule } from '../unit-of-work/unit-of-work.module';
import { WorkflowModule } from '../workflow/workflow.module';
import { RootCauseCoreModule } from './core/root-cause-core.module';
import { ActionDueScheduler } from './firing/action-due.scheduler';
import { ProblemsController } from './problems.controller';
import { ProblemsService } from './problems.service';
import { RootCauseActionsController } from './root-cause-actions.controller';
import { RootCauseActionsService } from './root-cause-actions.service';
import { RootCauseAnalysesService } from './root-cause-analyses.service';
import { RootCauseReportService } from './root-cause-report.service';
import { RootCauseReportsController } from './root-cause-reports.controller';
import { RootCauseController } from './root-cause.controller';

/**
 * Root cause: 5-Whys analyses with sign-off and versions, candidate solutions, problem records,
 * corrective/preventive actions, publishing to the knowledge base, and the Pareto report. Above
 * the workflow: its changes of a complaint run through ComplaintWorkflowService.change. The close
 * rule the workflow calls lives in RootCauseCoreModule, below the workflow.
 */
@Module({
  imports: [UnitOfWorkModule, AuthModule, ComplaintsModule, KnowledgeModule, QueueModule, WorkflowModule, RootCauseCoreModule],
  controllers: [RootCauseController, RootCauseActionsController, ProblemsController, RootCauseReportsController],
  providers: [RootCauseAnalysesService, RootCauseActionsService, ProblemsService, RootCauseReportService, ActionDueScheduler],
})
export class RootCauseModule {}
