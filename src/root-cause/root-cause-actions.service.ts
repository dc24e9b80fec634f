import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { UsersService } from '../auth/users.service';
import { Actor } from '../common/actor/actor';
import { AppException } from '../common/errors/app.exception';
import { ErrorCode } from '../common/errors/error-code';
import { decodeCursor, DEFAULT_PAGE_SIZE, encodeCursor, Page } from '../common/pagination/cursor';
import { Param, WriteBatch } from '../database/write-batch';
import { ActionStatus } from '../domain/root-cause';
import { UnitOfWork } from '../unit-of-work/unit-of-work.service';
import { ComplaintWorkflowService } from '../workflow/complaint-workflow.service';
import { ActionResponse } from './dto/analysis.dto';
import { CreateActionDto, ListActionsQueryDto, UpdateActionDto } from './dto/action.dto';
import { actionFromRow } from './analysis-record';
import { ActionDueScheduler } from './firing/action-due.scheduler';
import { notWritten } from './root-cause-analyses.service';
import { RC_ACTIONS_ROUTE } from './root-cause.routes';
import { ACTION_TRANSITIONS, actionMoveRefusal } from './rules/sign-off';

type Row = Record<string, unknown>;
const ACTION_COLUMNS = `id, analysis_id, problem_id, complaint_id, kind, description, owner_id, due_at, status, created_by, done_at, verified_by, verified_at, notified_at, version, created_at, updated_at`;

/**
 * Owns root_cause_actions: corrective and preventive actions of an analysis (a change of its
 * complaint, on the complaint's timeline) or of a problem. Each action's due time is a deadline:
 * after commit a wake-up is enqueued for it; the due sweep notifies the owner once.
 */
@Injectable()
export class RootCauseActionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly workflow: ComplaintWorkflowService,
    private readonly unitOfWork: UnitOfWork,
    private readonly users: UsersService,
    private readonly scheduler: ActionDueScheduler,
  ) {}

  /** An action on the analysis of a complaint. */
  async createForAnalysis(complaintId: string, dto: CreateActionDto, actor: Actor, idempotencyKey?: string): Promise<ActionResponse> {
    const dueAt = parseDue(dto.dueAt);
    const action = (await this.workflow.change<ActionResponse>(
      complaintId,
      undefined,
      async (ctx) => {
        this.workflow.requireWorkable(actor, ctx.complaint, RC_ACTIONS_ROUTE);
        const [analysis]: { id: string }[] = await ctx.tx.query(`SELECT id FROM root_cause_analyses WHERE complaint_id = $1`, [complaintId]);
        if (!analysis) throw notWritten(complaintId);
        await this.requireActiveOwner(ctx.tx, dto.ownerId);
        const created = this.insert(ctx.batch, { analysisId: analysis.id, problemId: null, complaintId }, dto, dueAt, actor, ctx.now);
        ctx.events.push({
          complaintId,
          type: 'root_cause_action_added',
          actor,
          at: ctx.now,
          data: { analysisId: analysis.id, actionId: created.id, kind: dto.kind, description: created.description, ownerId: dto.ownerId, dueAt: created.dueAt },
        });
        return created;
      },
      { key: idempotencyKey, scope: `${actor.type}:${actor.id ?? '-'}:POST /complaints/${complaintId}/root-cause/actions`, body: dto },
    )) as ActionResponse;
    await this.scheduler.schedule([new Date(action.dueAt)]);
    return action;
  }

  /** An action on a problem. */
  async createForProblem(problemId: string, dto: CreateActionDto, actor: Actor, idempotencyKey?: string): Promise<ActionResponse> {
    const dueAt = parseDue(dto.dueAt);
    const result = await this.unitOfWork.run<ActionResponse>(
      async (tx, batch) => {
        const [problem]: unknown[] = await tx.query(`SELECT 1 FROM problems WHERE id = $1 FOR SHARE`, [problemId]);
        if (!problem) throw AppException.notFound('Problem', problemId);
        await this.requireActiveOwner(tx, dto.ownerId);
        return { status: 201, body: this.insert(batch, { analysisId: null, problemId, complaintId: null }, dto, dueAt, actor, new Date()) };
      },
      { key: idempotencyKey, scope: `${actor.type}:${actor.id ?? '-'}:POST /problems/${problemId}/actions`, body: dto },
    );
    if (!result.replayed) await this.scheduler.schedule([new Date(result.body.dueAt)]);
    return result.body;
  }

  async get(id: string): Promise<ActionResponse> {
    const [row]: Row[] = await this.dataSource.query(`SELECT ${ACTION_COLUMNS} FROM root_cause_actions WHERE id = $1`, [id]);
    if (!row) throw AppException.notFound('Action', id);
    return actionFromRow(row);
  }

  /** Due first (then id); `overdue=true`: not done and past due. Keyset-paged on (dueAt, id). */
  async list(query: ListActionsQueryDto): Promise<Page<ActionResponse>> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const now = new Date();
    const params: unknown[] = [];
    const p: Param = (v) => (params.push(v), `$${params.length}`);
    const where: string[] = [];
    if (query.overdue === true) where.push(`status IN ('open', 'in_progress') AND due_at < ${p(now)}`);
    if (query.overdue === false) where.push(`NOT (status IN ('open', 'in_progress') AND due_at < ${p(now)})`);
    if (query.ownerId) where.push(`owner_id = ${p(query.ownerId)}`);
    if (query.status) where.push(`status = ${p(query.status)}`);
    if (query.complaintId) where.push(`complaint_id = ${p(query.complaintId)}`);
    if (query.problemId) where.push(`problem_id = ${p(query.problemId)}`);
    const after = decodeCursor(query.cursor);
    if (after) where.push(`(due_at, id) > (${p(after.createdAt)}, ${p(after.id)})`);
    const rows: Row[] = await this.dataSource.query(
      `SELECT ${ACTION_COLUMNS} FROM root_cause_actions ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY due_at, id LIMIT ${p(limit + 1)}`,
      params,
    );
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map((r) => actionFromRow(r, now)),
      nextCursor: rows.length > limit && last ? encodeCursor({ createdAt: last.due_at as Date, id: last.id as string }) : null,
    };
  }

  /**
   * Moves an action (open → in_progress → done → verified; verified by a supervisor, manager or
   * admin other than the owner) or reschedules it. An action of an analysis changes as a change
   * of its complaint (timeline event); a problem's action in its own transaction.
   */
  async update(id: string, dto: UpdateActionDto, actor: Actor, ifMatch?: number): Promise<ActionResponse> {
    if (dto.status === undefined && dto.dueAt === undefined) throw AppException.validation([{ field: 'status', message: 'send status or dueAt' }]);
    const newDue = dto.dueAt !== undefined ? parseDue(dto.dueAt) : undefined;
    const [head]: { complaint_id: string | null }[] = await this.dataSource.query(`SELECT complaint_id FROM root_cause_actions WHERE id = $1`, [id]);
    if (!head) throw AppException.notFound('Action', id);
    const apply = async (tx: EntityManager, batch: WriteBatch, now: Date) => {
      const [row]: Row[] = await tx.query(`SELECT ${ACTION_COLUMNS} FROM root_cause_actions WHERE id = $1 FOR UPDATE`, [id]);
      if (!row) throw AppException.notFound('Action', id);
      const before = actionFromRow(row, now);
      AppException.assertVersion('action', before.version, ifMatch ?? dto.version);
      const from = before.status as ActionStatus;
      const to = dto.status ?? from;
      if (to !== from) {
        const refusal = actionMoveRefusal(from, to, actor, before.ownerId);
        if (refusal === 'illegal') throw new AppException(ErrorCode.ILLEGAL_TRANSITION, `An action cannot move from ${from} to ${to}`, { from, to, allowed: ACTION_TRANSITIONS[from] });
        if (refusal === 'four_eyes') throw new AppException(ErrorCode.FOUR_EYES, 'The owner of an action cannot verify it: a supervisor, manager or admin who does not own it must', { ownerId: before.ownerId });
        if (refusal === 'not_owner') throw new AppException(ErrorCode.FORBIDDEN, to === 'verified' ? 'A supervisor, manager or admin verifies an action' : 'Only the owner (or a supervisor, manager or admin) works an action');
      } else if (newDue === undefined) {
        return { before, after: before, changed: false };
      } else if (actor.id !== before.ownerId && !['supervisor', 'manager', 'admin'].includes(actor.role)) {
        throw new AppException(ErrorCode.FORBIDDEN, 'Only the owner (or a supervisor, manager or admin) reschedules an action');
      }
      const patch: Record<string, unknown> = { status: to };
      if (to === 'done') patch.done_at = now;
      if (to === 'in_progress' || to === 'open') Object.assign(patch, { done_at: null });
      if (to === 'verified') Object.assign(patch, { verified_by: actor.id, verified_at: now });
      if (newDue !== undefined) Object.assign(patch, { due_at: newDue, notified_at: null });
      batch.add(
        (p) =>
          `UPDATE root_cause_actions SET ${Object.entries(patch)
            .map(([c, v]) => `${c} = ${p(v)}`)
            .join(', ')}, version = version + 1, updated_at = ${p(now)} WHERE id = ${p(id)}`,
      );
      const after: ActionResponse = actionFromRow(
        {
          ...row,
          ...patch,
          version: before.version + 1,
          updated_at: now,
        },
        now,
      );
      return { before, after, changed: true };
    };

    let result: { before: ActionResponse; after: ActionResponse; changed: boolean };
    if (head.complaint_id) {
      const complaintId = head.complaint_id;
      result = (await this.workflow.change(complaintId, undefined, async (ctx) => {
        const r = await apply(ctx.tx, ctx.batch, ctx.now);
        if (r.changed) {
          ctx.events.push({
            complaintId,
            type: 'root_cause_action_updated',
            actor,
            at: ctx.now,
            data: { actionId: id, from: r.before.status, to: r.after.status, ...(newDue ? { dueAt: r.after.dueAt } : {}), note: dto.note ?? null },
          });
        }
        return r;
      })) as unknown as typeof result;
    } else {
      result = (await this.unitOfWork.run(async (tx, batch) => ({ status: 200, body: await apply(tx, batch, new Date()) }))).body;
    }
    if (newDue) await this.scheduler.schedule([newDue]);
    return result.after;
  }

  private async requireActiveOwner(tx: EntityManager, ownerId: string): Promise<void> {
    if (!(await this.users.isActive(tx, ownerId))) throw AppException.validation([{ field: 'ownerId', message: `ownerId ${ownerId} is not an active user` }]);
  }

  private insert(batch: WriteBatch, target: { analysisId: string | null; problemId: string | null; complaintId: string | null }, dto: CreateActionDto, dueAt: Date, actor: Actor, now: Date): ActionResponse {
    const id = randomUUID();
    const description = dto.description.trim();
    batch.add(
      (p) =>
        `INSERT INTO root_cause_actions (id, analysis_id, problem_id, complaint_id, kind, description, owner_id, due_at, status, created_by, version, created_at, updated_at)
         VALUES (${p(id)}, ${p(target.analysisId)}, ${p(target.problemId)}, ${p(target.complaintId)}, ${p(dto.kind)}, ${p(description)}, ${p(dto.ownerId)}, ${p(dueAt)}, 'open', ${p(actor.id)}, 1, ${p(now)}, ${p(now)})`,
    );
    return actionFromRow(
      { id, analysis_id: target.analysisId, problem_id: target.problemId, complaint_id: target.complaintId, kind: dto.kind, description, owner_id: dto.ownerId, due_at: dueAt, status: 'open', created_by: actor.id, version: 1, created_at: now, updated_at: now },
      now,
    );
  }
}

function parseDue(value: string): Date {
  const d = new Date(value);
  if (Number.isNaN(d.getTime()) || d.getUTCFullYear() < 2000 || d.getUTCFullYear() > 9999) throw AppException.validation([{ field: 'dueAt', message: 'dueAt must be an ISO-8601 date-time' }]);
  return d;
}
