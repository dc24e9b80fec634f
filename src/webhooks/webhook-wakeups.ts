import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { Queue } from 'bullmq';
import { JOBS, QUEUES } from '../queue/queue.constants';
import { BoundedEnqueue } from '../queue/bounded-enqueue';

export interface DeliveryWakeup {
  deliveryId: string;
  /** Attempts made so far: the job is for attempt `attempts + 1`. */
  attempts: number;
  at: Date;
  /** Distinguishes a wake-up for the same attempt from another cause (the lane's predecessor succeeded). */
  tag?: string;
}

export const deliveryJobId = (w: Pick<DeliveryWakeup, 'deliveryId' | 'attempts' | 'tag'>) => `whd-${w.deliveryId}-${w.attempts}${w.tag ? `-${w.tag}` : ''}`;

/**
 * Wakes delivery attempts through BullMQ. webhook_deliveries is the truth: a job only says
 * "look at this delivery at this time"; its id is deterministic, so re-adding is a no-op, and a
 * job lost with Redis is put back by the reconciler.
 */
@Injectable()
export class WebhookWakeups {
  private readonly enqueue = new BoundedEnqueue(new Logger(WebhookWakeups.name), 'webhook delivery jobs');

  constructor(@InjectQueue(QUEUES.WEBHOOK_DELIVERIES) private readonly queue: Queue) {}

  /** Never throws and never waits long. */
  async wake(wakeups: DeliveryWakeup[]): Promise<void> {
    if (wakeups.length === 0) return;
    const now = Date.now();
    await this.enqueue.run(() =>
      this.queue.addBulk(
          wakeups.map((w) => ({
            name: JOBS.WEBHOOK_DELIVER,
            data: { deliveryId: w.deliveryId },
            opts: { jobId: deliveryJobId(w), delay: Math.max(0, w.at.getTime() - now), attempts: 3, backoff: { type: 'exponential', delay: 1000 }, removeOnComplete: true, removeOnFail: true },
          })),
      ),
    );
  }
}
