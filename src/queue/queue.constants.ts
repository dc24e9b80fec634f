/** Queue and job names, in one place. Job ids are deterministic and colon-free so re-adding is a no-op. */
export const QUEUES = {
  SLA_DEADLINES: 'sla-deadlines',
  MAINTENANCE: 'maintenance',
} as const;

export const JOBS = {
  SLA_FIRING: 'sla-firing',
  SLA_RECONCILE: 'sla-reconcile',
  PURGE_IDEMPOTENCY_KEYS: 'purge-idempotency-keys',
} as const;

export const DEFAULT_JOB_OPTIONS = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: { age: 3600, count: 10_000 },
  removeOnFail: { age: 7 * 24 * 3600, count: 10_000 },
} as const;
