import { Module } from '@nestjs/common';
import { ComplaintsModule } from '../complaints/complaints.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { QueueModule } from '../queue/queue.module';
import { ComplaintSlaController } from './complaint-sla.controller';
import { ComplaintSlaService } from './complaint-sla.service';
import { SlaJobScheduler } from './firing/sla-job.scheduler';
import { CalendarsController, RegulatorPresetsController, SlaPoliciesController } from './sla-config.controller';
import { SlaConfigCache } from './sla-config.cache';
import { SlaConfigService } from './sla-config.service';
import { SlaClocksService } from './sla-clocks.service';

/**
 * Owns SLA policies, calendars, clocks, their ledger and firings. Clock changes are named
 * operations (SlaClocksService) that callers run inside their change's transaction.
 */
@Module({
  imports: [ComplaintsModule, NotificationsModule, QueueModule],
  controllers: [SlaPoliciesController, CalendarsController, RegulatorPresetsController, ComplaintSlaController],
  providers: [SlaConfigService, ComplaintSlaService, SlaConfigCache, SlaClocksService, SlaJobScheduler],
  exports: [SlaClocksService, SlaJobScheduler, SlaConfigCache],
})
export class SlaModule {}
