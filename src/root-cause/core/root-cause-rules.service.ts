import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AppException } from '../../common/errors/app.exception';
import { ErrorCode } from '../../common/errors/error-code';
import { ROOT_CAUSE_REQUIRED_SEVERITIES } from '../../domain/root-cause';

/**
 * The root-cause rules other modules' changes call explicitly. The complaint workflow calls
 * `requireConfirmedForClose` when it closes a complaint, inside its transaction and under the
 * complaint's row lock (every analysis change holds that lock too, so the answer cannot change
 * before COMMIT).
 */
@Injectable()
export class RootCauseRules {
  /** 409 `root_cause_required` unless the complaint is ordinary or its analysis is confirmed; one query, only for serious and major complaints. */
  async requireConfirmedForClose(tx: EntityManager, complaint: { id: string; severity: string }): Promise<void> {
    if (!(ROOT_CAUSE_REQUIRED_SEVERITIES as readonly string[]).includes(complaint.severity)) return;
    const [row]: { status: string }[] = await tx.query(`SELECT status FROM root_cause_analyses WHERE complaint_id = $1`, [complaint.id]);
    if (row?.status === 'confirmed') return;
    throw new AppException(
      ErrorCode.ROOT_CAUSE_REQUIRED,
      `A ${complaint.severity} complaint cannot be closed before its root-cause analysis is confirmed (it is ${row ? row.status : 'not written'})`,
      { analysisStatus: row?.status ?? null, next: row ? nextStepHint(row.status) : 'PUT /complaints/:id/root-cause' },
    );
  }
}

const nextStepHint = (status: string) => (status === 'draft' ? 'POST /complaints/:id/root-cause/submit' : 'POST /complaints/:id/root-cause/confirm');
