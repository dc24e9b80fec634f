import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../config/app-config';
import { ACTION_TICK_MS, ActionDueScheduler } from './action-due.scheduler';
import { ActionDueService } from './action-due.service';

export interface ActionReconcileResult {
  notifiedOverdue: number;
  jobsRestored: number;
}

/**
 * PostgreSQL is the truth, Redis only wakes the workers. On worker start and every
 * SLA_RECONCILE_SECONDS: notify the owners of actions that fell due but were not notified (a
 * lost or late wake-up), and put back the wake-ups Redis lacks for actions falling due before
 * the next pass. Safe to run on several workers at once.
 */
@Injectable()
export class ActionDueReconciler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ActionDueReconciler.name);
  private timer?: NodeJS.Timeout;
  private running: Promise<ActionReconcileResult> | null = null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly scheduler: ActionDueScheduler,
    private readonly due: ActionDueService,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    void this.reconcile();
    this.timer = setInterval(() => void this.reconcile(), this.config.get('SLA_RECONCILE_SECONDS') * 1000);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** One pass; overlapping calls share the pass in progress. */
  reconcile(): Promise<ActionReconcileResult> {
    if (!this.running) {
      this.running = this.pass()
        .catch((error: Error) => {
          this.logger.warn(`action reconcile failed: ${error.message}`);
          return { notifiedOverdue: 0, jobsRestored: 0 };
        })
        .finally(() => (this.running = null));
    }
    return this.running;
  }

  private async pass(): Promise<ActionReconcileResult> {
    const notifiedOverdue = await this.due.sweep();
    const horizonMs = 2 * this.config.get('SLA_RECONCILE_SECONDS') * 1000 + ACTION_TICK_MS;
    const buckets: { bucket: string }[] = await this.dataSource.query(
      `SELECT DISTINCT ceil(extract(epoch FROM due_at) * 1000 / $3) * $3 AS bucket
         FROM root_cause_actions
        WHERE notified_at IS NULL AND status IN ('open', 'in_progress') AND due_at > $1 AND due_at <= $2`,
      [new Date(), new Date(Date.now() + horizonMs), ACTION_TICK_MS],
    );
    const jobsRestored = await this.scheduler.restore(buckets.map((b) => Number(b.bucket)));
    if (notifiedOverdue || jobsRestored) this.logger.log(`actions reconciled: notified ${notifiedOverdue} overdue, restored ${jobsRestored} wake-ups`);
    return { notifiedOverdue, jobsRestored };
  }
}
