import { Module } from '@nestjs/common';
import { ComplaintsModule } from '../complaints/complaints.module';
import { ComplaintSlaController } from './complaint-sla.controller';
import { ComplaintSlaService } from './complaint-sla.service';
import { SlaClockListener } from './sla-clock.listener';
import { CalendarsController, RegulatorPresetsController, SlaPoliciesController } from './sla-config.controller';
import { SlaConfigService } from './sla-config.service';
import { SlaClocksService } from './sla-clocks.service';
import { SlaJobScheduler } from './sla-job.scheduler';
import { SlaPoliciesService } from './sla-policies.service';

@Module({
  imports: [ComplaintsModule],
  controllers: [SlaPoliciesController, CalendarsController, RegulatorPresetsController, ComplaintSlaController],
  providers: [SlaConfigService, ComplaintSlaService, SlaPoliciesService, SlaClocksService, SlaJobScheduler, SlaClockListener],
  exports: [SlaPoliciesService, SlaClocksService, SlaJobScheduler],
})
export class SlaModule {}
