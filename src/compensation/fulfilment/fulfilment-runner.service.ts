import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../config/app-config';
import { CompensationService } from '../compensation.service';
import { retryDelayMs } from './fulfilment-backoff';
import { FULFILMENT_PORT, FulfilmentPort, FulfilmentRequest } from './fulfilment.port';
import { FulfilmentScheduler } from './fulfilment.scheduler';

/** A wake-up may come a little early (timer granularity); it waits rather than finding nothing due. */
const MAX_EARLY_WAIT_MS = 2000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export type AttemptOutcome = 'not_due' | 'delivered' | 'retry_scheduled' | 'failed';

/**
 * One attempt to deliver an accepted remedy. The attempt is claimed by a conditional UPDATE
 * (pending, due, not claimed by a live attempt), so duplicate or late jobs and several workers
 * do nothing; the call goes out with no transaction open; the outcome is written through the
 * compensation workflow (delivered / given up) or as the next due time (exponential backoff).
 */
@Injectable()
export class FulfilmentRunner {
  private readonly logger = new Logger(FulfilmentRunner.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(FULFILMENT_PORT) private readonly port: FulfilmentPort,
    private readonly compensation: CompensationService,
    private readonly scheduler: FulfilmentScheduler,
    private readonly config: AppConfig,
  ) {}

  async attempt(proposalId: string): Promise<AttemptOutcome> {
    const [due]: { wait_ms: number }[] = await this.dataSource.query(
      `SELECT GREATEST(0, extract(epoch FROM next_attempt_at - now()) * 1000)::int AS wait_ms FROM compensation_fulfilments WHERE proposal_id = $1 AND status = 'pending'`,
      [proposalId],
    );
    if (!due) return 'not_due';
    if (due.wait_ms > 0 && due.wait_ms <= MAX_EARLY_WAIT_MS) await sleep(due.wait_ms);
    const timeoutMs = this.config.get('FULFILMENT_TIMEOUT_MS');
    const [claim]: Record<string, unknown>[] = await this.dataSource.query(
      `WITH c AS (
         UPDATE compensation_fulfilments f
            SET attempts = f.attempts + 1, claimed_until = now() + make_interval(secs => $2::double precision / 1000), updated_at = now()
          WHERE f.proposal_id = $1 AND f.status = 'pending' AND f.next_attempt_at <= now()
            AND (f.claimed_until IS NULL OR f.claimed_until < now())
          RETURNING f.attempts)
       SELECT c.attempts, p.id, p.complaint_id, p.customer_id, p.type, p.amount, p.currency, p.points, p.value, p.value_currency, p.description
         FROM c, compensation_proposals p WHERE p.id = $1`,
      [proposalId, timeoutMs + 5000],
    );
    if (!claim) return 'not_due';
    const attempts = claim.attempts as number;
    const request: FulfilmentRequest = {
      proposalId,
      complaintId: claim.complaint_id as string,
      customerId: claim.customer_id as string,
      type: claim.type as string,
      amount: claim.amount === null ? null : Number(claim.amount),
      currency: claim.currency as string | null,
      points: claim.points === null ? null : Number(claim.points),
      value: Number(claim.value),
      valueCurrency: claim.value_currency as string,
      description: claim.description as string,
      attempt: attempts,
    };
    let reference: string;
    try {
      reference = (await this.port.deliver(request)).reference;
    } catch (error) {
      return this.failed(proposalId, attempts, (error as Error).message.slice(0, 500));
    }
    await this.compensation.recordDelivered(proposalId, reference, attempts);
    return 'delivered';
  }

  private async failed(proposalId: string, attempts: number, message: string): Promise<AttemptOutcome> {
    if (attempts >= this.config.get('FULFILMENT_MAX_ATTEMPTS')) {
      this.logger.warn(`compensation ${proposalId} not delivered after ${attempts} attempts: ${message}`);
      await this.compensation.recordFailed(proposalId, message, attempts);
      return 'failed';
    }
    const delay = retryDelayMs(attempts, this.config.get('FULFILMENT_RETRY_BASE_MS'));
    // An UPDATE answers [rows, count] through TypeORM.
    const [[next]]: [{ next_attempt_at: Date }[], number] = await this.dataSource.query(
      `UPDATE compensation_fulfilments SET next_attempt_at = now() + make_interval(secs => $3::double precision / 1000), claimed_until = NULL, last_error = $4, updated_at = now()
        WHERE proposal_id = $1 AND status = 'pending' AND attempts = $2 RETURNING next_attempt_at`,
      [proposalId, attempts, delay, message],
    );
    if (next) await this.scheduler.enqueue(proposalId, attempts, next.next_attempt_at);
    return 'retry_scheduled';
  }
}
