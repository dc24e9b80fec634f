import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Job } from 'bullmq';
import { jobHandlers } from '../../queue/job-handlers';
import { JOBS, QUEUES } from '../../queue/queue.constants';
import { SlaCalendarRecomputeService } from './sla-calendar-recompute.service';
import { SlaFiringService } from './sla-firing.service';
import { SlaTickJobData } from './sla-job.scheduler';

/** A tick may arrive a little early (timer granularity); it waits rather than finding nothing due. */
const MAX_EARLY_WAIT_MS = 2000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs the deadline queue's jobs; each is idempotent. */
@Processor(QUEUES.SLA_DEADLINES, { concurrency: 4 })
export class SlaDeadlinesProcessor extends WorkerHost {
  private readonly dispatch: (job: Job) => Promise<unknown>;

  constructor(firing: SlaFiringService, calendars: SlaCalendarRecomputeService) {
    super();
    this.dispatch = jobHandlers(QUEUES.SLA_DEADLINES, {
      [JOBS.SLA_TICK]: async (job: Job<SlaTickJobData>) => {
        const early = job.data.dueMs - Date.now();
        if (early > 0 && early <= MAX_EARLY_WAIT_MS) await sleep(early);
        return { fired: await firing.sweep() };
      },
      [JOBS.CALENDAR_CHANGED]: (job: Job<{ calendarId: string }>) => calendars.recompute(job.data.calendarId, (done) => job.updateProgress(done)),
    });
  }

  process(job: Job): Promise<unknown> {
    return this.dispatch(job);
  }
}
