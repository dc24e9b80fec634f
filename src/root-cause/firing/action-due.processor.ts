import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Job } from 'bullmq';
import { jobHandlers } from '../../queue/job-handlers';
import { JOBS, QUEUES } from '../../queue/queue.constants';
import { ActionDueService } from './action-due.service';

const MAX_EARLY_WAIT_MS = 2000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs the root-cause action queue's jobs; each is idempotent. */
@Processor(QUEUES.ROOT_CAUSE_ACTIONS, { concurrency: 2 })
export class ActionDueProcessor extends WorkerHost {
  private readonly dispatch: (job: Job) => Promise<unknown>;

  constructor(due: ActionDueService) {
    super();
    this.dispatch = jobHandlers(QUEUES.ROOT_CAUSE_ACTIONS, {
      [JOBS.ACTION_DUE_TICK]: async (job: Job<{ dueMs: number }>) => {
        const early = job.data.dueMs - Date.now();
        if (early > 0 && early <= MAX_EARLY_WAIT_MS) await sleep(early);
        return { notified: await due.sweep() };
      },
    });
  }

  process(job: Job): Promise<unknown> {
    return this.dispatch(job);
  }
}
