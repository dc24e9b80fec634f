import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { WriteBatch } from '../../database/write-batch';
import { NotificationsService } from '../../notifications/notifications.service';

/** Actions handled in one transaction by a sweep. */
const SWEEP_BATCH = 200;

interface DueAction {
  id: string;
  owner_id: string;
  kind: string;
  description: string;
  due_at: Date;
  complaint_id: string | null;
  problem_id: string | null;
}

/**
 * Tells owners their corrective/preventive actions fell due. One transaction locks up to 200
 * due, unnotified, unfinished actions (FOR UPDATE SKIP LOCKED, so concurrent sweepers take
 * disjoint rows), marks them notified and inserts one notification per owner and action, in
 * one statement. A sweep that runs twice, late, or on several workers finds nothing left.
 */
@Injectable()
export class ActionDueService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly notifications: NotificationsService,
  ) {}

  /** Notifies everything due by now, in batches, until none is left; returns how many actions it notified. */
  async sweep(maxBatches = 1000): Promise<number> {
    let total = 0;
    for (let i = 0; i < maxBatches; i++) {
      const n = await this.notifyBatch();
      total += n;
      if (n < SWEEP_BATCH) break;
    }
    return total;
  }

  private notifyBatch(): Promise<number> {
    return this.dataSource.transaction(async (tx) => {
      const now = new Date();
      const due: DueAction[] = await tx.query(
        `SELECT id, owner_id, kind, description, due_at, complaint_id, problem_id
           FROM root_cause_actions
          WHERE notified_at IS NULL AND status IN ('open', 'in_progress') AND due_at <= $1
          ORDER BY due_at LIMIT $2
          FOR UPDATE SKIP LOCKED`,
        [now, SWEEP_BATCH],
      );
      if (due.length === 0) return 0;
      const batch = new WriteBatch();
      batch.add((p) => `UPDATE root_cause_actions SET notified_at = ${p(now)} WHERE id = ANY(${p(due.map((a) => a.id))}::uuid[])`);
      this.notifications.insert(
        batch,
        due.map((a) => ({
          recipientId: a.owner_id,
          type: 'root_cause_action_due',
          complaintId: a.complaint_id,
          title: `${a.kind === 'corrective' ? 'Corrective' : 'Preventive'} action due / 整改措施到期: ${a.description.slice(0, 200)}`,
          data: { actionId: a.id, kind: a.kind, dueAt: new Date(a.due_at).toISOString(), problemId: a.problem_id },
        })),
        now,
      );
      await batch.flush(tx);
      return due.length;
    });
  }
}
