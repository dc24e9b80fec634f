import { Module } from '@nestjs/common';
import { SlaModule } from '../sla/sla.module';
import { RevisitsService } from './revisits.service';

/**
 * The revisits core: owner of revisits, revisit_attempts and recovery_plans, below the workflow.
 * The workflow calls its named operations inside a complaint's change.
 */
@Module({
  imports: [SlaModule],
  providers: [RevisitsService],
  exports: [RevisitsService],
})
export class RevisitsCoreModule {}
