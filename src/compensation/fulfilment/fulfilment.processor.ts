import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Job } from 'bullmq';
import { jobHandlers } from '../../queue/job-handlers';
import { JOBS, QUEUES } from '../../queue/queue.constants';
import { FulfilmentJobData } from './fulfilment.scheduler';
import { FulfilmentRunner } from './fulfilment-runner.service';

/** Runs the fulfilment queue's jobs; each is one claimed attempt, harmless when repeated. */
@Processor(QUEUES.COMPENSATION_FULFILMENT, { concurrency: 4 })
export class FulfilmentProcessor extends WorkerHost {
  private readonly dispatch: (job: Job) => Promise<unknown>;

  constructor(runner: FulfilmentRunner) {
    super();
    this.dispatch = jobHandlers(QUEUES.COMPENSATION_FULFILMENT, {
      [JOBS.FULFIL_COMPENSATION]: async (job: Job<FulfilmentJobData>) => ({ outcome: await runner.attempt(job.data.proposalId) }),
    });
  }

  process(job: Job): Promise<unknown> {
    return this.dispatch(job);
  }
}
