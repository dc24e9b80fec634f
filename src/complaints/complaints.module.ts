import { Module } from '@nestjs/common';
import { CustomersModule } from '../customers/customers.module';
import { ComplaintLifecycleHooks } from './complaint-lifecycle.hooks';
import { ComplaintWorkflowService } from './complaint-workflow.service';
import { ComplaintsController } from './complaints.controller';
import { ComplaintsService } from './complaints.service';
import { TimelineService } from './timeline.service';

@Module({
  imports: [CustomersModule],
  controllers: [ComplaintsController],
  providers: [ComplaintsService, ComplaintWorkflowService, TimelineService, ComplaintLifecycleHooks],
  exports: [ComplaintsService, ComplaintWorkflowService, TimelineService, ComplaintLifecycleHooks],
})
export class ComplaintsModule {}
