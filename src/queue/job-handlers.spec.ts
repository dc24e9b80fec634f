import { Job } from 'bullmq';
import { jobHandlers } from './job-handlers';
import { JOBS, QUEUE_JOBS, QUEUES } from './queue.constants';

describe('jobHandlers', () => {
  const ok = async () => 'done';

  it('dispatches each listed job to its handler', async () => {
    const dispatch = jobHandlers(QUEUES.SLA_DEADLINES, { [JOBS.SLA_TICK]: async () => 'tick', [JOBS.CALENDAR_CHANGED]: ok });
    await expect(dispatch({ name: JOBS.SLA_TICK } as Job)).resolves.toBe('tick');
    await expect(dispatch({ name: 'something-else' } as Job)).rejects.toThrow(/no handler for job something-else/);
  });

  it('refuses to start when a listed job has no handler', () => {
    expect(() => jobHandlers(QUEUES.SLA_DEADLINES, { [JOBS.SLA_TICK]: ok })).toThrow(/no handler for calendar-changed/);
  });

  it('refuses a handler for a job the queue does not list', () => {
    expect(() => jobHandlers(QUEUES.SLA_DEADLINES, { [JOBS.SLA_TICK]: ok, [JOBS.CALENDAR_CHANGED]: ok, ['purge' as never]: ok })).toThrow(/handlers for unlisted jobs purge/);
  });

  it('every queue lists at least one job', () => {
    for (const jobs of Object.values(QUEUE_JOBS)) expect(jobs.length).toBeGreaterThan(0);
  });
});
