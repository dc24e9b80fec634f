/**
 * Queue and job names, in one place. Each queue lists the jobs it carries; the worker refuses
 * to start when a listed job has no handler or a handler serves no listed job.
 * Job ids are deterministic and colon-free so re-adding is a no-op.
 */
export const QUEUES = {
  SLA_DEADLINES: 'sla-deadlines',
  COMPENSATION_FULFILMENT: 'compensation-fulfilment',
  /** Wake-ups of the root-cause action due sweep. */
  ROOT_CAUSE_ACTIONS: 'root-cause-actions',
  WEBHOOK_DELIVERIES: 'webhook-deliveries',
} as const;

export const JOBS = {
  /** Wakes the deadline sweep at a quarter-second bucket of due moments. */
  SLA_TICK: 'sla-tick',
  /** A calendar changed: recompute the running clocks that count in it. */
  CALENDAR_CHANGED: 'calendar-changed',
  /** One attempt to deliver an accepted remedy (state in compensation_fulfilments). */
  FULFIL_COMPENSATION: 'fulfil-compensation',
  /** Wakes the sweep that tells owners their corrective/preventive actions fell due (one job per one-second due bucket). */
  ACTION_DUE_TICK: 'action-due-tick',
  /** One attempt of a webhook delivery (webhook_deliveries holds the truth; the job only wakes it). */
  WEBHOOK_DELIVER: 'webhook-deliver',
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];
export type JobName = (typeof JOBS)[keyof typeof JOBS];

export const QUEUE_JOBS: Readonly<Record<QueueName, readonly JobName[]>> = {
  [QUEUES.SLA_DEADLINES]: [JOBS.SLA_TICK, JOBS.CALENDAR_CHANGED],
  [QUEUES.COMPENSATION_FULFILMENT]: [JOBS.FULFIL_COMPENSATION],
  [QUEUES.ROOT_CAUSE_ACTIONS]: [JOBS.ACTION_DUE_TICK],
  [QUEUES.WEBHOOK_DELIVERIES]: [JOBS.WEBHOOK_DELIVER],
};

export const DEFAULT_JOB_OPTIONS = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: { age: 3600, count: 10_000 },
  removeOnFail: { age: 7 * 24 * 3600, count: 10_000 },
} as const;
