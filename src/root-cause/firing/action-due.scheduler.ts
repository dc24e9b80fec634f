import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { Queue } from 'bullmq';
import type Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { JOBS, QUEUES } from '../../queue/queue.constants';
import { BoundedEnqueue, withTimeout } from '../../queue/bounded-enqueue';

/** Action due times are woken in one-second buckets: one delayed job per bucket, whatever the number of actions in it. */
export const ACTION_TICK_MS = 1000;
/** A bucket closer than this gets a job id of its own: its shared job may already have run. */
const NEAR_MS = 2000;

export const actionBucket = (dueAt: Date) => Math.ceil(dueAt.getTime() / ACTION_TICK_MS) * ACTION_TICK_MS;
export const actionTickJobId = (bucketMs: number) => `rca-due-${bucketMs}`;

/**
 * Wakes the action due sweep. PostgreSQL (root_cause_actions.due_at / notified_at) is the
 * schedule; Redis holds one delayed job per due bucket with a deterministic id, so adding it
 * again is a no-op and a lost one is put back by the reconciler.
 */
@Injectable()
export class ActionDueScheduler {
  private readonly enqueue = new BoundedEnqueue(new Logger(ActionDueScheduler.name), 'action due wake-ups');

  constructor(@InjectQueue(QUEUES.ROOT_CAUSE_ACTIONS) private readonly queue: Queue) {}

  /** After commit: a wake-up at these due times. Never throws and never waits long. */
  async schedule(dueTimes: Date[]): Promise<void> {
    if (dueTimes.length === 0) return;
    const now = Date.now();
    const buckets = [...new Set(dueTimes.map(actionBucket))];
    const jobs = buckets.map((b) => this.tickJob(b, b - now < NEAR_MS ? `${actionTickJobId(b)}-${randomUUID().slice(0, 8)}` : actionTickJobId(b), now));
    await this.enqueue.run(() => this.queue.addBulk(jobs));
  }

  /** Adds the wake-ups of these buckets that Redis does not have (one pipelined EXISTS per bucket). */
  async restore(buckets: number[]): Promise<number> {
    if (buckets.length === 0) return 0;
    const client = (await withTimeout(this.queue.client, 5000, 'Redis connection')) as unknown as Redis;
    const prefix = `${this.queue.opts.prefix ?? 'bull'}:${this.queue.name}:`;
    const pipeline = client.pipeline();
    for (const b of buckets) pipeline.exists(prefix + actionTickJobId(b));
    const results = (await withTimeout(pipeline.exec(), 5000, 'Redis pipeline')) ?? [];
    const missing = buckets.filter((_, i) => results[i]?.[1] === 0);
    const now = Date.now();
    if (missing.length) await withTimeout(this.queue.addBulk(missing.map((b) => this.tickJob(b, actionTickJobId(b), now))), 5000, 'Redis');
    return missing.length;
  }

  private tickJob(bucket: number, jobId: string, now: number) {
    return { name: JOBS.ACTION_DUE_TICK, data: { dueMs: bucket }, opts: { jobId, delay: Math.max(0, bucket - now), removeOnComplete: true, attempts: 3 } };
  }
}
