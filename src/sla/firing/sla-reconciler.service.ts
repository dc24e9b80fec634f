import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../config/app-config';
import { UnitOfWork } from '../../unit-of-work/unit-of-work.service';
import { SlaCalendarRecomputeService } from './sla-calendar-recompute.service';
import { SlaFiringService } from './sla-firing.service';
import { SlaJobScheduler, TICK_MS } from './sla-job.scheduler';

export interface ReconcileResult {
  firedOverdue: number;
  jobsRestored: number;
}

/**
 * PostgreSQL is the truth, Redis only wakes the workers. In the worker process, on start and
 * every SLA_RECONCILE_SECONDS: fire what is due but was not fired (a lost or late wake-up),
 * put back the wake-ups Redis lacks for what falls due before the next pass (one pipelined
 * check of those buckets, not of everything pending), finish calendar recomputes that did not
 * run, and purge expired idempotency keys. Safe to run on several workers at once.
 */
@Injectable()
export class SlaReconcilerService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SlaReconcilerService.name);
  private timer?: NodeJS.Timeout;
  private running: Promise<ReconcileResult> | null = null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly scheduler: SlaJobScheduler,
    private readonly firing: SlaFiringService,
    private readonly calendars: SlaCalendarRecomputeService,
    private readonly unitOfWork: UnitOfWork,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    const everyMs = this.config.get('SLA_RECONCILE_SECONDS') * 1000;
    void this.reconcile();
    this.timer = setInterval(() => void this.reconcile(), everyMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** One pass; overlapping calls share the pass in progress. */
  reconcile(): Promise<ReconcileResult> {
    if (!this.running) {
      this.running = this.pass()
        .catch((error: Error) => {
          this.logger.warn(`reconcile failed: ${error.message}`);
          return { firedOverdue: 0, jobsRestored: 0 };
        })
        .finally(() => (this.running = null));
    }
    return this.running;
  }

  private async pass(): Promise<ReconcileResult> {
    const firedOverdue = await this.firing.sweep();
    const horizonMs = 2 * this.config.get('SLA_RECONCILE_SECONDS') * 1000 + TICK_MS;
    const buckets: { bucket: string }[] = await this.dataSource.query(
      `SELECT DISTINCT ceil(extract(epoch FROM due_at) * 1000 / $3) * $3 AS bucket
         FROM sla_firings WHERE fired_at IS NULL AND due_at > $1 AND due_at <= $2`,
      [new Date(), new Date(Date.now() + horizonMs), TICK_MS],
    );
    const jobsRestored = await this.scheduler.restore(buckets.map((b) => Number(b.bucket)));
    await this.calendars.resumePending();
    await this.unitOfWork.purgeExpiredKeys();
    if (firedOverdue || jobsRestored) this.logger.log(`reconciled: fired ${firedOverdue} overdue, restored ${jobsRestored} wake-ups`);
    return { firedOverdue, jobsRestored };
  }
}
