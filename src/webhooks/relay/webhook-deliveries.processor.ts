import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Job } from 'bullmq';
import { jobHandlers } from '../../queue/job-handlers';
import { JOBS, QUEUES } from '../../queue/queue.constants';
import { WebhookDeliveryService } from './webhook-delivery.service';

/** Runs delivery attempts; a job only wakes a delivery, whose truth is its row (a job run twice sends once). */
@Processor(QUEUES.WEBHOOK_DELIVERIES, { concurrency: 8 })
export class WebhookDeliveriesProcessor extends WorkerHost {
  private readonly dispatch: (job: Job) => Promise<unknown>;

  constructor(deliveries: WebhookDeliveryService) {
    super();
    this.dispatch = jobHandlers(QUEUES.WEBHOOK_DELIVERIES, {
      [JOBS.WEBHOOK_DELIVER]: async (job: Job<{ deliveryId: string }>) => ({ outcome: await deliveries.attempt(job.data.deliveryId) }),
    });
  }

  process(job: Job): Promise<unknown> {
    return this.dispatch(job);
  }
}
