import { Module } from '@nestjs/common';
import { EscalationModule } from '../escalation/escalation.module';

/** The BullMQ processors and the reconciler; imported by worker.ts, and by the API when RUN_WORKERS is true. */
@Module({ imports: [EscalationModule] })
export class WorkersModule {}
