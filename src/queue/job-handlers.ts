import { Job } from 'bullmq';
import { JobName, QUEUE_JOBS, QueueName } from './queue.constants';

export type JobHandler = (job: Job) => Promise<unknown>;

/**
 * One map from job name to handler per queue. Built at start: a job listed for the queue
 * without a handler, or a handler for a job the queue does not list, stops the process.
 */
export function jobHandlers(queue: QueueName, handlers: Partial<Record<JobName, JobHandler>>): (job: Job) => Promise<unknown> {
  const listed = new Set<string>(QUEUE_JOBS[queue]);
  const missing = [...listed].filter((name) => !(name in handlers));
  const unknown = Object.keys(handlers).filter((name) => !listed.has(name));
  if (missing.length || unknown.length) {
    throw new Error(
      `queue ${queue}: ${missing.length ? `no handler for ${missing.join(', ')}` : ''}${missing.length && unknown.length ? '; ' : ''}${unknown.length ? `handlers for unlisted jobs ${unknown.join(', ')}` : ''}`,
    );
  }
  return async (job) => {
    const handler = handlers[job.name as JobName];
    if (!handler) throw new Error(`queue ${queue}: no handler for job ${job.name}`);
    return handler(job);
  };
}
