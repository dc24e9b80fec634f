import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { Queue } from 'bullmq';
import type Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { JOBS, QUEUES } from '../../queue/queue.constants';
import { BoundedEnqueue, withTimeout } from '../../queue/bounded-enqueue';

/** Due moments are woken in quarter-second buckets: one delayed job per bucket, whatever the number of firings in it. */
export const TICK_MS = 250;
/** A bucket closer than this gets a job id of its own: its shared job may already be running. */
const NEAR_MS = 2000;

export interface SlaTickJobData {
  /** The bucket's instant (ms): the sweep fires everything due by then. */
  dueMs: number;
}

export const tickBucket = (dueAt: Date) => Math.ceil(dueAt.getTime() / TICK_MS) * TICK_MS;
export const tickJobId = (bucketMs: number) => `sla-tick-${bucketMs}`;

/**
 * Wakes the deadline sweep when firings fall due. PostgreSQL (sla_firings) is the schedule;
 * Redis only holds wake-ups, one delayed job per due bucket with a deterministic id, so
 * re-adding is a no-op and a lost job is rebuilt by the reconciler.
 */
@Injectable()
export class SlaJobScheduler {
  private readonly enqueue = new BoundedEnqueue(new Logger(SlaJobScheduler.name), 'deadline wake-ups');
  /** Buckets this process enqueued and that are still ahead: under load most intakes share them. */
  private readonly enqueued = new Set<number>();

  constructor(@InjectQueue(QUEUES.SLA_DEADLINES) private readonly queue: Queue) {}

  /** After commit: wake-ups for these due moments. Never throws and never waits long. */
  async schedule(moments: Date[]): Promise<void> {
    if (moments.length === 0) return;
    const now = Date.now();
    const buckets = [...new Set(moments.map(tickBucket))].filter((b) => !this.enqueued.has(b));
    if (buckets.length === 0) return;
    const jobs = buckets.map((bucket) => this.tickJob(bucket, bucket - now < NEAR_MS ? `${tickJobId(bucket)}-${randomUUID().slice(0, 8)}` : tickJobId(bucket), now));
    if (await this.enqueue.run(() => this.queue.addBulk(jobs))) this.remember(buckets.filter((b) => b - now >= NEAR_MS), now);
  }

  /** Adds the tick jobs of these buckets that Redis does not have (one pipelined EXISTS per bucket). */
  async restore(buckets: number[]): Promise<number> {
    if (buckets.length === 0) return 0;
    // BullMQ's client is an ioredis instance; its declared type hides the commands.
    const client = (await withTimeout(this.queue.client, 5000, 'Redis connection')) as unknown as Redis;
    const prefix = `${this.queue.opts.prefix ?? 'bull'}:${this.queue.name}:`;
    const pipeline = client.pipeline();
    for (const b of buckets) pipeline.exists(prefix + tickJobId(b));
    const results = (await withTimeout(pipeline.exec(), 5000, 'Redis pipeline')) ?? [];
    const missing = buckets.filter((_, i) => results[i]?.[1] === 0);
    const now = Date.now();
    if (missing.length) await this.queue.addBulk(missing.map((b) => this.tickJob(b, tickJobId(b), now)));
    return missing.length;
  }

  /** Asks a worker to recompute the clocks counting in a calendar. */
  async calendarChanged(calendarId: string, version: number): Promise<void> {
    await this.enqueue.run(() => this.queue.add(JOBS.CALENDAR_CHANGED, { calendarId, version }, { jobId: `calendar-${calendarId}-${version}` }), 'a calendar recompute');
  }

  private remember(buckets: number[], now: number): void {
    if (this.enqueued.size > 50_000) for (const b of this.enqueued) if (b <= now) this.enqueued.delete(b);
    for (const b of buckets) this.enqueued.add(b);
  }

  private tickJob(bucket: number, jobId: string, now: number) {
    return {
      name: JOBS.SLA_TICK,
      data: { dueMs: bucket } satisfies SlaTickJobData,
      opts: { jobId, delay: Math.max(0, bucket - now), removeOnComplete: true, attempts: 3 },
    };
  }
}
