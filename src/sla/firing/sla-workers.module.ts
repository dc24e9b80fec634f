import { Module } from '@nestjs/common';
import { ComplaintsModule } from '../../complaints/complaints.module';
import { NotificationsModule } from '../../notifications/notifications.module';
import { UnitOfWorkModule } from '../../unit-of-work/unit-of-work.module';
import { SlaModule } from '../sla.module';
import { SlaCalendarRecomputeService } from './sla-calendar-recompute.service';
import { SlaDeadlinesProcessor } from './sla-deadlines.processor';
import { SlaFiringService } from './sla-firing.service';
import { SlaReconcilerService } from './sla-reconciler.service';

/** The deadline workers: the queue processor, the sweep, calendar recomputes and the reconciler. */
@Module({
  imports: [SlaModule, ComplaintsModule, NotificationsModule, UnitOfWorkModule],
  providers: [SlaFiringService, SlaCalendarRecomputeService, SlaDeadlinesProcessor, SlaReconcilerService],
  exports: [SlaFiringService, SlaReconcilerService],
})
export class SlaWorkersModule {}
