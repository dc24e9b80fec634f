import { Module } from '@nestjs/common';
import { ComplaintsModule } from '../complaints/complaints.module';
import { SlaClockListener } from './sla-clock.listener';
import { SlaPoliciesService } from './sla-policies.service';

@Module({ imports: [ComplaintsModule], providers: [SlaPoliciesService, SlaClockListener], exports: [SlaPoliciesService] })
export class SlaModule {}
