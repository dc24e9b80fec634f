import { Module } from '@nestjs/common';
import { KnowledgeModule } from '../knowledge/knowledge.module';
import { OutboxModule } from '../outbox/outbox.module';
import { ComplaintsController } from './complaints.controller';
import { ComplaintsService } from './complaints.service';
import { CustomerComplaintsController } from './customer-complaints.controller';
import { TimelineService } from './timeline.service';

/** Owns complaints and complaint_events: the complaint row's named operations, its timeline, and their reads. */
@Module({
  // GET /complaints/:id shows the knowledge articles that match the complaint (knowledge owns them and imports nothing);
  // every timeline event also goes to the outbox in the same write.
  imports: [KnowledgeModule, OutboxModule],
  controllers: [ComplaintsController, CustomerComplaintsController],
  providers: [ComplaintsService, TimelineService],
  exports: [ComplaintsService, TimelineService],
})
export class ComplaintsModule {}
