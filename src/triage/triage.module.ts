import { Module } from '@nestjs/common';
import { ComplaintsModule } from '../complaints/complaints.module';
import { ComplaintTriageController } from './complaint-triage.controller';
import { TriageController } from './triage.controller';
import { TriageService } from './triage.service';

/** Owns complaint_triage and triage_corrections: emotional vs rational needs, risk flags, the suggestion and staff's confirmation. */
@Module({
  imports: [ComplaintsModule],
  controllers: [TriageController, ComplaintTriageController],
  providers: [TriageService],
  exports: [TriageService],
})
export class TriageModule {}
