import { Module } from '@nestjs/common';
import { OutboxModule } from '../outbox/outbox.module';
import { ComplaintsController } from './complaints.controller';
import { ComplaintsService } from './complaints.service';
import { CustomerComplaintsController } from './customer-complaints.controller';
import { TimelineService } from './timeline.service';

/** Owns complaints and complaint_events: the complaint row's named operations, its timeline, and their reads. */
@Module({
  imports: [OutboxModule],
  controllers: [ComplaintsController, CustomerComplaintsController],
  providers: [ComplaintsService, TimelineService],
  exports: [ComplaintsService, TimelineService],
})
export class ComplaintsModule {}
