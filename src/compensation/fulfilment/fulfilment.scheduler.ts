import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { Queue } from 'bullmq';
import { JOBS, QUEUES } from '../../queue/queue.constants';
import { BoundedEnqueue } from '../../queue/bounded-enqueue';

export interface FulfilmentJobData {
  proposalId: string;
}

/** One job per attempt, with a deterministic id: re-adding it is a no-op. */
export const fulfilmentJobId = (proposalId: string, attemptsSoFar: number) => `fulfil-${proposalId}-${attemptsSoFar}`;

/**
 * Wakes the fulfilment worker. PostgreSQL (compensation_fulfilments) holds what is due and
 * how many attempts were made; Redis only holds the wake-up of the next attempt.
 */
@Injectable()
export class FulfilmentScheduler {
  private readonly bounded = new BoundedEnqueue(new Logger(FulfilmentScheduler.name), 'fulfilment jobs');

  constructor(@InjectQueue(QUEUES.COMPENSATION_FULFILMENT) private readonly queue: Queue) {}

  /** After commit: wakes the worker for this attempt at `dueAt`. Never throws. */
  async enqueue(proposalId: string, attemptsSoFar: number, dueAt: Date): Promise<void> {
    await this.bounded.run(() => this.queue.add(JOBS.FULFIL_COMPENSATION, { proposalId } satisfies FulfilmentJobData, this.options(proposalId, attemptsSoFar, dueAt)));
  }

  /** Adds the jobs Redis lacks for these pending attempts (a failed or finished job of the same id is replaced). */
  async restore(due: { proposalId: string; attempts: number; nextAttemptAt: Date }[]): Promise<number> {
    let restored = 0;
    for (const d of due) {
      const id = fulfilmentJobId(d.proposalId, d.attempts);
      const job = await this.queue.getJob(id);
      if (job) {
        const state = await job.getState();
        if (state !== 'completed' && state !== 'failed') continue;
        await job.remove().catch(() => undefined);
      }
      await this.queue.add(JOBS.FULFIL_COMPENSATION, { proposalId: d.proposalId } satisfies FulfilmentJobData, this.options(d.proposalId, d.attempts, d.nextAttemptAt));
      restored++;
    }
    return restored;
  }

  private options(proposalId: string, attemptsSoFar: number, dueAt: Date) {
    return {
      jobId: fulfilmentJobId(proposalId, attemptsSoFar),
      delay: Math.max(0, dueAt.getTime() - Date.now()),
      // The attempts and their backoff are counted in PostgreSQL; BullMQ's own retries only cover a crash of the handler.
      attempts: 3,
      backoff: { type: 'exponential', delay: 1000 },
      removeOnComplete: true,
      removeOnFail: { age: 24 * 3600 },
    };
  }
}
