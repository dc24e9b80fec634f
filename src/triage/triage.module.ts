import { Module } from '@nestjs/common';
import { ComplaintsModule } from '../complaints/complaints.module';
import { ComplaintTriageController } from './complaint-triage.controller';
import { TriageIntakeListener } from './triage-intake.listener';
import { TriageController } from './triage.controller';
import { TriageService } from './triage.service';

/** Emotional vs rational needs, risk flags and priority refinement; intake triage and staff corrections. */
@Module({
  imports: [ComplaintsModule],
  controllers: [TriageController, ComplaintTriageController],
  providers: [TriageService, TriageIntakeListener],
  exports: [TriageService],
})
export class TriageModule {}
