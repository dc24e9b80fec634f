import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { IdempotencyService } from '../idempotency/idempotency.service';
import { SlaJobScheduler } from '../sla/sla-job.scheduler';
import { SlaFiringService } from './sla-firing.service';

export interface ReconcileResult {
  firedOverdue: number;
  jobsRestored: number;
}

/**
 * PostgreSQL is the truth, Redis only executes. On start and every SLA_RECONCILE_SECONDS:
 * fire what is due but was not fired (a lost or late job), and put back the delayed jobs
 * Redis no longer has (after a flush or restart). Safe to run on several workers at once.
 */
@Injectable()
export class SlaReconcilerService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SlaReconcilerService.name);
  private timer?: NodeJS.Timeout;
  private running: Promise<ReconcileResult> | null = null;

  constructor(
    private readonly scheduler: SlaJobScheduler,
    private readonly firing: SlaFiringService,
    private readonly idempotency: IdempotencyService,
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
    const now = new Date();
    // Due but unfired: a lost job, or one whose complaint was locked when it ran.
    const firedOverdue = (await this.firing.sweep()).length;
    const upcoming = await this.scheduler.pending(`f.due_at > $1`, [now]);
    const missing = await this.scheduler.missing(upcoming);
    await this.scheduler.add(missing);
    while ((await this.scheduler.removeObsolete()) > 0);
    await this.idempotency.purgeExpired();
    if (firedOverdue || missing.length) this.logger.log(`reconciled: fired ${firedOverdue} overdue, restored ${missing.length} jobs`);
    return { firedOverdue, jobsRestored: missing.length };
  }
}
