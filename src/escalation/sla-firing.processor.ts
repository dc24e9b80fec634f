import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Job } from 'bullmq';
import { QUEUES } from '../queue/queue.constants';
import { SlaFiringJobData } from '../sla/sla-job.scheduler';
import { SlaFiringService } from './sla-firing.service';

/** Runs the delayed deadline jobs; the work itself is idempotent (SlaFiringService). */
@Processor(QUEUES.SLA_DEADLINES, { concurrency: 32 })
export class SlaFiringProcessor extends WorkerHost {
  constructor(private readonly firing: SlaFiringService) {
    super();
  }

  async process(job: Job<SlaFiringJobData>): Promise<{ fired: number }> {
    const fired = await this.firing.fire(job.data.firingId, new Date(job.data.dueAt));
    return { fired: fired.length };
  }
}
