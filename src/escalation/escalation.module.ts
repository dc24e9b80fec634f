import { Module } from '@nestjs/common';
import { ComplaintsModule } from '../complaints/complaints.module';
import { SlaModule } from '../sla/sla.module';
import { SlaFiringProcessor } from './sla-firing.processor';
import { SlaFiringService } from './sla-firing.service';
import { SlaReconcilerService } from './sla-reconciler.service';

/** The deadline workers: the BullMQ processor and the reconciler. */
@Module({
  imports: [ComplaintsModule, SlaModule],
  providers: [SlaFiringService, SlaFiringProcessor, SlaReconcilerService],
  exports: [SlaFiringService, SlaReconcilerService],
})
export class EscalationModule {}
