import { Module } from '@nestjs/common';
import { KnowledgeModule } from '../knowledge/knowledge.module';
import { ComplaintsController } from './complaints.controller';
import { ComplaintsService } from './complaints.service';
import { TimelineService } from './timeline.service';

/** Owns complaints and complaint_events: the complaint row's named operations, its timeline, and their reads. */
@Module({
  // GET /complaints/:id shows the knowledge articles that match the complaint (knowledge owns them and imports nothing).
  imports: [KnowledgeModule],
  controllers: [ComplaintsController],
  providers: [ComplaintsService, TimelineService],
  exports: [ComplaintsService, TimelineService],
})
export class ComplaintsModule {}
