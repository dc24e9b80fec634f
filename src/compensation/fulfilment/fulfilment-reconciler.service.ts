import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../config/app-config';
import { FulfilmentScheduler } from './fulfilment.scheduler';

/** Rows looked at per pass; the next pass takes the rest. */
const BATCH = 500;
/** A pass never waits on Redis longer than this (Redis down: the next pass tries again). */
const REDIS_TIMEOUT_MS = 10_000;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([promise, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`Redis did not answer within ${ms} ms`)), ms)))]).finally(() => clearTimeout(timer));
}

/**
 * PostgreSQL is the truth, Redis only wakes the worker. On worker start and every
 * FULFILMENT_RECONCILE_SECONDS: every pending fulfilment due before the next pass (or whose
 * attempt's worker died: its claim ran out) gets its job back if Redis lost it. A job added
 * twice does nothing twice: the attempt is claimed in PostgreSQL.
 */
@Injectable()
export class FulfilmentReconcilerService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(FulfilmentReconcilerService.name);
  private timer?: NodeJS.Timeout;
  private running: Promise<number> | null = null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly scheduler: FulfilmentScheduler,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    void this.reconcile();
    this.timer = setInterval(() => void this.reconcile(), this.config.get('FULFILMENT_RECONCILE_SECONDS') * 1000);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** One pass; overlapping calls share the pass in progress. Answers the number of jobs put back. */
  reconcile(): Promise<number> {
    if (!this.running) {
      this.running = this.pass()
        .catch((error: Error) => {
          this.logger.warn(`fulfilment reconcile failed: ${error.message}`);
          return 0;
        })
        .finally(() => (this.running = null));
    }
    return this.running;
  }

  private async pass(): Promise<number> {
    const horizonMs = 2 * this.config.get('FULFILMENT_RECONCILE_SECONDS') * 1000;
    const rows: { proposal_id: string; attempts: number; next_attempt_at: Date }[] = await this.dataSource.query(
      `SELECT proposal_id, attempts, next_attempt_at FROM compensation_fulfilments
        WHERE status = 'pending' AND next_attempt_at <= now() + make_interval(secs => $1::double precision / 1000)
          AND (claimed_until IS NULL OR claimed_until < now())
        ORDER BY next_attempt_at LIMIT ${BATCH}`,
      [horizonMs],
    );
    if (rows.length === 0) return 0;
    const restored = await withTimeout(this.scheduler.restore(rows.map((r) => ({ proposalId: r.proposal_id, attempts: r.attempts, nextAttemptAt: r.next_attempt_at }))), REDIS_TIMEOUT_MS);
    if (restored) this.logger.log(`fulfilment reconciled: ${restored} job(s) put back`);
    return restored;
  }
}
