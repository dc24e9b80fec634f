import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AppException } from '../common/errors/app.exception';
import { decodeCursor, DEFAULT_PAGE_SIZE, Page, toPage } from '../common/pagination/cursor';
import { Param, WriteBatch } from '../database/write-batch';
import { COMMITTED_STATUSES, CompensationType, ProposalStatus } from './compensation.enums';
import { CompensationResponse } from './dto/compensation.response';
import { Proposal, PROPOSAL_CASTS, PROPOSAL_COLUMNS, PROPOSAL_FIELDS, PROPOSAL_SELECT, proposalFromRow, proposalParam, ProposalWithFulfilment } from './proposal';

/** Lock keys of the per-customer cap and the per-team budget (transaction-scoped advisory locks). */
const CUSTOMER_LOCK = 'compensation-customer:';
const TEAM_LOCK = 'compensation-team:';

/**
 * Owns compensation_proposals and compensation_fulfilments: reads, the sums the approval rule
 * needs (under advisory locks, so two proposals for one customer or team never both slip
 * under a cap), and the writes of each move as parts of the change's batch.
 */
@Injectable()
export class CompensationProposalsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  // ---- reads

  async get(id: string): Promise<ProposalWithFulfilment> {
    const [row] = await this.dataSource.query(`${PROPOSAL_SELECT} WHERE p.id = $1`, [id]);
    if (!row) throw AppException.notFound('Compensation proposal', id);
    return proposalFromRow(row);
  }

  /** The complaint a proposal belongs to (read before the complaint is locked). */
  async complaintOf(id: string): Promise<string> {
    const [row]: { complaint_id: string }[] = await this.dataSource.query(`SELECT complaint_id FROM compensation_proposals WHERE id = $1`, [id]);
    if (!row) throw AppException.notFound('Compensation proposal', id);
    return row.complaint_id;
  }

  /** The proposal under its row lock (the complaint is locked first by the change). */
  async lock(tx: EntityManager, id: string, complaintId: string): Promise<ProposalWithFulfilment> {
    const [row] = await tx.query(`${PROPOSAL_SELECT} WHERE p.id = $1 AND p.complaint_id = $2 FOR UPDATE OF p`, [id, complaintId]);
    if (!row) throw AppException.notFound('Compensation proposal', id);
    return proposalFromRow(row);
  }

  async listForComplaint(complaintId: string, limit = DEFAULT_PAGE_SIZE, cursor?: string): Promise<Page<CompensationResponse>> {
    return this.page([`p.complaint_id = $1`], [complaintId], limit, cursor);
  }

  async list(filter: { status?: ProposalStatus; teamId?: string }, limit = DEFAULT_PAGE_SIZE, cursor?: string): Promise<Page<CompensationResponse>> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.status) where.push(`p.status = $${params.push(filter.status)}`);
    if (filter.teamId) where.push(`p.team_id = $${params.push(filter.teamId)}`);
    return this.page(where, params, limit, cursor);
  }

  private async page(where: string[], params: unknown[], limit: number, cursor?: string): Promise<Page<CompensationResponse>> {
    const after = decodeCursor(cursor);
    const all = [...params];
    const clauses = [...where];
    if (after) clauses.push(`(p.created_at, p.id) < ($${all.push(after.createdAt)}, $${all.push(after.id)})`);
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `${PROPOSAL_SELECT} ${clauses.length ? `WHERE ${clauses.join(' AND ')}` : ''} ORDER BY p.created_at DESC, p.id DESC LIMIT $${all.push(limit + 1)}`,
      all,
    );
    return toPage(rows.map(proposalFromRow), limit, CompensationResponse.from);
  }

  // ---- what the approval rule counts

  /** Serialises proposals and decisions per customer and per team for the rest of the transaction. */
  async lockCapAndBudget(tx: EntityManager, customerId: string, teamId: string | null): Promise<void> {
    await tx.query(
      `SELECT pg_advisory_xact_lock(hashtextextended($1, 0))${teamId ? ', pg_advisory_xact_lock(hashtextextended($2, 0))' : ''}`,
      teamId ? [CUSTOMER_LOCK + customerId, TEAM_LOCK + teamId] : [CUSTOMER_LOCK + customerId],
    );
  }

  /**
   * The customer's committed value approved within the 30 days before `now` and the team's
   * within the month, in one read, both without `excludeId` (the proposal being decided).
   */
  async committed(tx: EntityManager, q: { customerId: string; teamId: string | null; currency: string; now: Date; monthStart: Date; monthEnd: Date; excludeId?: string }): Promise<{ customer30Days: number; teamMonth: number }> {
    const [row]: { customer: string | null; team: string | null }[] = await tx.query(
      `SELECT (SELECT sum(value) FROM compensation_proposals
                WHERE customer_id = $1 AND approved_at > $4::timestamptz - interval '30 days' AND approved_at <= $4
                  AND status = ANY($5) AND value_currency = $3 AND id IS DISTINCT FROM $8::uuid) AS customer,
              (SELECT sum(value) FROM compensation_proposals
                WHERE $2::uuid IS NOT NULL AND team_id = $2 AND approved_at >= $6 AND approved_at < $7
                  AND status = ANY($5) AND value_currency = $3 AND id IS DISTINCT FROM $8::uuid) AS team`,
      [q.customerId, q.teamId, q.currency, q.now, COMMITTED_STATUSES, q.monthStart, q.monthEnd, q.excludeId ?? null],
    );
    return { customer30Days: Number(row.customer ?? 0), teamMonth: Number(row.team ?? 0) };
  }

  /** Acceptance of each type by customers of a tier: decided (accepted or declined) and accepted. */
  async acceptanceByType(tier: string): Promise<{ type: CompensationType; decided: number; accepted: number }[]> {
    const rows: { type: CompensationType; decided: string; accepted: string }[] = await this.dataSource.query(
      `SELECT type, count(*) AS decided, count(*) FILTER (WHERE status <> 'declined') AS accepted
         FROM compensation_proposals WHERE customer_tier = $1 AND customer_decided_at IS NOT NULL GROUP BY type`,
      [tier],
    );
    return rows.map((r) => ({ type: r.type, decided: Number(r.decided), accepted: Number(r.accepted) }));
  }

  // ---- writes (parts of the change's batch)

  insert(batch: WriteBatch, p: Proposal): void {
    batch.add(
      (param) =>
        `INSERT INTO compensation_proposals (${PROPOSAL_FIELDS.map((f) => PROPOSAL_COLUMNS[f]).join(', ')})
         VALUES (${PROPOSAL_FIELDS.map((f) => `${param(proposalParam(f, p[f]))}${PROPOSAL_CASTS[f] ?? ''}`).join(', ')})`,
    );
  }

  /** Writes a move: the patch, version + 1, guarded by the version read under the lock. Returns the proposal after it. */
  update<P extends ProposalWithFulfilment>(batch: WriteBatch, before: P, patch: Partial<Proposal>, at: Date): P {
    const entries = Object.entries(patch).filter(([k]) => k !== 'version' && k !== 'updatedAt') as [keyof Proposal, unknown][];
    batch.add(
      (param: Param) =>
        `UPDATE compensation_proposals SET ${entries.map(([f, v]) => `${PROPOSAL_COLUMNS[f]} = ${param(proposalParam(f, v))}${PROPOSAL_CASTS[f] ?? ''}, `).join('')}
                version = version + 1, updated_at = ${param(at)}
          WHERE id = ${param(before.id)} AND version = ${param(before.version)}`,
    );
    return { ...before, ...patch, version: before.version + 1, updatedAt: at };
  }

  /** An accepted proposal's fulfilment, due now. */
  insertFulfilment(batch: WriteBatch, proposal: Proposal, at: Date): void {
    batch.add(
      (p) =>
        `INSERT INTO compensation_fulfilments (proposal_id, complaint_id, status, attempts, next_attempt_at, created_at, updated_at)
         VALUES (${p(proposal.id)}, ${p(proposal.complaintId)}, 'pending', 0, ${p(at)}, ${p(at)}, ${p(at)})
         ON CONFLICT (proposal_id) DO UPDATE SET status = 'pending', attempts = 0, next_attempt_at = EXCLUDED.next_attempt_at, claimed_until = NULL, updated_at = EXCLUDED.updated_at`,
    );
  }

  /** The fulfilment ends: delivered by the provider, recorded by hand, or given up. */
  completeFulfilment(batch: WriteBatch, proposalId: string, outcome: { status: 'succeeded' | 'manual' | 'failed'; reference?: string | null; error?: string | null }, at: Date): void {
    batch.add(
      (p) =>
        `UPDATE compensation_fulfilments
            SET status = CASE WHEN status = 'pending' OR ${p(outcome.status)} <> 'succeeded' THEN ${p(outcome.status)} ELSE status END,
                provider_reference = COALESCE(${p(outcome.reference ?? null)}, provider_reference),
                last_error = COALESCE(${p(outcome.error ?? null)}, last_error),
                claimed_until = NULL, completed_at = ${p(at)}, updated_at = ${p(at)}
          WHERE proposal_id = ${p(proposalId)}`,
    );
  }
}
