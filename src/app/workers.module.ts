import { Module } from '@nestjs/common';
import { CompensationWorkersModule } from '../compensation/fulfilment/compensation-workers.module';
import { RootCauseWorkersModule } from '../root-cause/firing/root-cause-workers.module';
import { SlaWorkersModule } from '../sla/firing/sla-workers.module';
import { WebhookWorkersModule } from '../webhooks/relay/webhook-workers.module';

/** The BullMQ processors and the reconciler; imported by worker.ts, and by the API when RUN_WORKERS is true. */
@Module({ imports: [SlaWorkersModule, CompensationWorkersModule, RootCauseWorkersModule, WebhookWorkersModule] })
export class WorkersModule {}
