import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { ComplaintsModule } from '../complaints/complaints.module';
import { CustomersModule } from '../customers/customers.module';
import { RevisitsCoreModule } from '../revisits/revisits-core.module';
import { SlaModule } from '../sla/sla.module';
import { TriageModule } from '../triage/triage.module';
import { UnitOfWorkModule } from '../unit-of-work/unit-of-work.module';
import { ComplaintActionsController } from './complaint-actions.controller';
import { ComplaintWorkflowService } from './complaint-workflow.service';
import { IntakePipeline } from './intake.pipeline';

/**
 * The complaint lifecycle, above the modules that own its tables: intake and every change of
 * a complaint call customers, complaints, triage, SLA and the revisits core explicitly, in the order things happen.
 */
@Module({
  imports: [UnitOfWorkModule, AuthModule, CustomersModule, ComplaintsModule, TriageModule, SlaModule, RevisitsCoreModule],
  controllers: [ComplaintActionsController],
  providers: [IntakePipeline, ComplaintWorkflowService],
  exports: [ComplaintWorkflowService],
})
export class WorkflowModule {}
