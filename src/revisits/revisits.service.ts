import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { Actor } from '../common/actor/actor';
import { AppException } from '../common/errors/app.exception';
import { ErrorCode } from '../common/errors/error-code';
import { DEFAULT_PAGE_SIZE, Page } from '../common/pagination/cursor';
import { ComplaintView } from '../complaints/complaint-view';
import { NewEvent } from '../complaints/timeline.service';
import { Param, WriteBatch } from '../database/write-batch';
import { CalendarDefinition, addBusinessSeconds, businessSecondsBetween } from '../sla/clock/business-calendar';
import { RevisitCall } from '../sla/clock/complaint-clock';
import { RevisitSettings, revisitSettings } from '../sla/revisit-settings';
import { ClockMove, SlaClocksService } from '../sla/sla-clocks.service';
import { ListRecoveryPlansQueryDto, RecoveryPlanResponse, RecoveryPlanView } from './dto/recovery-plan.dto';
import { ListRevisitsQueryDto, RevisitResponse } from './dto/revisit.dto';
import { closeRefusal, nextBusinessInstant, RevisitKind, StoredRevisitStatus, tierRank } from './revisit-rules';
import { REVISIT_VIEW_SELECT, RevisitView, revisitViewFromRow } from './revisit-view';

/** What a revisit operation needs of the complaint change it runs in (the workflow's change context). */
export interface RevisitChangeContext {
  tx: EntityManager;
  batch: WriteBatch;
  now: Date;
  /** The complaint as locked at the start of the change. */
  complaint: ComplaintView;
  /** Timeline events of the change. */
  events: NewEvent[];
}

/** A complaint's revisit settings with the calendar they count on. */
export interface RevisitTerms {
  settings: RevisitSettings;
  calendar: CalendarDefinition | null;
  timezone: string;
}

export interface NewRevisit {
  id: string;
  complaintId: string;
  customerId: string;
  kind: RevisitKind;
  round: number;
  recoveryPlanId: string | null;
  dueAt: Date;
  clockId: string | null;
  assigneeId: string | null;
  customerTier: ComplaintView['customer']['tier'];
  resolutionNote: string | null;
  remedy: string | null;
}

export type RevisitPatch = Partial<{
  status: StoredRevisitStatus;
  dueAt: Date;
  attemptCount: number;
  lastOutcome: string;
  satisfied: boolean | null;
  csat: number | null;
  nps: number | null;
  endedAt: Date;
  endedReason: string;
  reopened: boolean;
}>;

const PATCH_COLUMNS: Record<keyof RevisitPatch, string> = {
  status: 'status',
  dueAt: 'due_at',
  attemptCount: 'attempt_count',
  lastOutcome: 'last_outcome',
  satisfied: 'satisfied',
  csat: 'csat',
  nps: 'nps',
  endedAt: 'ended_at',
  endedReason: 'ended_reason',
  reopened: 'reopened',
};

const PLAN_COLUMNS = `id, customer_id, origin_complaint_id, origin_revisit_id, status, start_nps, last_nps, contact_every_days, next_contact_at, contact_count,
                      ended_at, end_reason, ended_by_id, version, created_at, updated_at`;

/**
 * Owns revisits, revisit_attempts and recovery_plans (the core, below the workflow). The
 * workflow calls its named operations inside a complaint's change: `scheduleOnResolve` when a
 * complaint becomes resolved, `cancelOpenOnReopen` on a reopen, `checkClose` before closing a
 * resolved complaint. Each adds its writes to the change's batch and its events to the change's
 * timeline, and answers the clock moves for the change's one `moveClocks`. Attempts and recovery
 * plans (the API part, above the workflow) write through the operations below.
 */
@Injectable()
export class RevisitsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly sla: SlaClocksService,
  ) {}

  // ---- named operations of a complaint change

  /**
   * The complaint became resolved: a revisit is scheduled `revisitWithinSeconds` (business time on
   * the policy's calendar) from now, assigned to the first-contact owner or the call-center pool.
   * Its clock's target adds the window to reach the customer once due; the call's due time is
   * a firing of that clock (`revisit_due` when it comes, unless the revisit ended first).
   */
  async scheduleOnResolve(ctx: RevisitChangeContext, complaint: ComplaintView, input: { actor: Actor; note?: string; remedy?: string }): Promise<ClockMove[]> {
    const { tx, batch, now, events } = ctx;
    const terms = await this.terms(tx, complaint.slaPolicyId);
    const superseded = await this.cancelOpen(ctx, complaint.id, 'superseded by a new resolution', input.actor, {});
    // Due when the target's business time has elapsed; at the close of an interval, the next opening.
    const dueAt = nextBusinessInstant(addBusinessSeconds(now, terms.settings.revisitWithinSeconds, terms.calendar), terms.calendar);
    const revisit: NewRevisit = {
      id: randomUUID(),
      complaintId: complaint.id,
      customerId: complaint.customerId,
      kind: 'revisit',
      round: 1,
      recoveryPlanId: null,
      dueAt,
      clockId: randomUUID(),
      assigneeId: terms.settings.assignTo === 'pool' ? null : await this.firstContactOwner(tx, complaint),
      customerTier: complaint.customer.tier,
      resolutionNote: input.note?.slice(0, 2000) ?? null,
      remedy: input.remedy?.slice(0, 500) ?? null,
    };
    this.insert(batch, revisit, now);
    events.push(this.scheduledEvent(revisit, input.actor, now));
    return [
      ...superseded,
      {
        kind: 'revisit_scheduled',
        clockId: revisit.clockId!,
        targetSeconds: terms.settings.revisitWithinSeconds + terms.settings.reachWithinSeconds,
        reason: 'complaint resolved: revisit scheduled',
        call: firstCall(revisit),
      },
    ];
  }

  /** The complaint was reopened: its open revisits are cancelled (a new resolution schedules a new one). */
  cancelOpenOnReopen(ctx: RevisitChangeContext, actor: Actor, options: { except?: string } = {}): Promise<ClockMove[]> {
    return this.cancelOpen(ctx, ctx.complaint.id, 'complaint reopened', actor, options);
  }

  /**
   * Closing a resolved complaint before its revisit is done needs a supervisor, manager or admin
   * (403 `supervisor_required`) and a reason (409 `revisit_pending`). Answers the open revisit
   * when closing early is allowed (it stays open: the call still happens), else null.
   */
  async checkClose(ctx: RevisitChangeContext, actor: Actor, reason: string | undefined): Promise<{ id: string; dueAt: Date } | null> {
    const [open]: { id: string; due_at: Date }[] = await ctx.tx.query(
      `SELECT id, due_at FROM revisits WHERE complaint_id = $1 AND kind = 'revisit' AND status = 'scheduled' AND round = 1`,
      [ctx.complaint.id],
    );
    const pending = open ? { id: open.id, dueAt: new Date(open.due_at) } : null;
    const refusal = closeRefusal({ actorRole: actor.role, reason, pending });
    if (refusal?.code === 'supervisor_required') throw new AppException(ErrorCode.SUPERVISOR_REQUIRED, refusal.detail, { revisitId: pending!.id });
    if (refusal) throw new AppException(ErrorCode.REVISIT_PENDING, refusal.detail, { revisitId: pending!.id, errors: [{ field: 'reason', message: 'a reason is required to close before the revisit is done' }] });
    return pending;
  }

  // ---- building blocks for the attempts and recovery plans (inside a complaint change)

  /** The revisit settings of a policy and the calendar they count on. */
  async terms(tx: EntityManager, policyId: string | null): Promise<RevisitTerms> {
    const config = await this.sla.config(tx);
    const settings = revisitSettings(config.policy(policyId));
    const calendar = config.calendar(settings.calendarId);
    return { settings, calendar, timezone: calendar?.timezone ?? process.env.TIMEZONE ?? 'UTC' };
  }

  /** A revisit locked for a change (the complaint is locked first by the change). */
  async lockView(tx: EntityManager, id: string): Promise<RevisitView> {
    const [row] = await tx.query(`${REVISIT_VIEW_SELECT} WHERE r.id = $1 FOR UPDATE OF r`, [id]);
    if (!row) throw AppException.notFound('Revisit', id);
    return revisitViewFromRow(row);
  }

  /** The complaint a revisit belongs to, and its attempt count, read before the change. */
  async complaintOf(id: string): Promise<{ complaintId: string; attemptCount: number }> {
    const [row]: { complaint_id: string; attempt_count: number }[] = await this.dataSource.query(`SELECT complaint_id, attempt_count FROM revisits WHERE id = $1`, [id]);
    if (!row) throw AppException.notFound('Revisit', id);
    return { complaintId: row.complaint_id, attemptCount: Number(row.attempt_count) };
  }

  insert(batch: WriteBatch, r: NewRevisit, at: Date): void {
    batch.add(
      (p) =>
        `INSERT INTO revisits (id, complaint_id, customer_id, kind, round, recovery_plan_id, status, due_at, clock_id, assignee_id, customer_tier, tier_rank,
                               resolution_note, remedy, created_at, updated_at, version)
         VALUES (${p(r.id)}, ${p(r.complaintId)}, ${p(r.customerId)}, ${p(r.kind)}, ${p(r.round)}, ${p(r.recoveryPlanId)}, 'scheduled', ${p(r.dueAt)}, ${p(r.clockId)},
                 ${p(r.assigneeId)}, ${p(r.customerTier)}, ${p(tierRank(r.customerTier))}, ${p(r.resolutionNote)}, ${p(r.remedy)}, ${p(at)}, ${p(at)}, 1)`,
    );
  }

  update(batch: WriteBatch, id: string, patch: RevisitPatch, at: Date): void {
    const entries = Object.entries(patch) as [keyof RevisitPatch, unknown][];
    batch.add((p) => `UPDATE revisits SET ${entries.map(([k, v]) => `${PATCH_COLUMNS[k]} = ${p(v)}, `).join('')}updated_at = ${p(at)}, version = version + 1 WHERE id = ${p(id)}`);
  }

  insertAttempt(
    batch: WriteBatch,
    a: { revisitId: string; seq: number; outcome: string; satisfied: boolean | null; csat: number | null; nps: number | null; comment: string | null; nextDueAt: Date | null; actor: Actor; at: Date },
  ): void {
    batch.add(
      (p) =>
        `INSERT INTO revisit_attempts (revisit_id, seq, outcome, satisfied, csat, nps, comment, next_due_at, actor_type, actor_id, actor_name, at)
         VALUES (${p(a.revisitId)}, ${p(a.seq)}, ${p(a.outcome)}, ${p(a.satisfied)}, ${p(a.csat)}, ${p(a.nps)}, ${p(a.comment)}, ${p(a.nextDueAt)},
                 ${p(a.actor.type)}, ${p(a.actor.id)}, ${p(a.actor.name ?? null)}, ${p(a.at)})`,
    );
  }

  /** The customer's active recovery plan, locked. */
  async lockActivePlan(tx: EntityManager, customerId: string): Promise<RecoveryPlanView | null> {
    const [row] = await tx.query(`SELECT ${PLAN_COLUMNS} FROM recovery_plans WHERE customer_id = $1 AND status = 'active' FOR UPDATE`, [customerId]);
    return row ? planFromRow(row) : null;
  }

  async lockPlan(tx: EntityManager, id: string): Promise<RecoveryPlanView> {
    const [row] = await tx.query(`SELECT ${PLAN_COLUMNS} FROM recovery_plans WHERE id = $1 FOR UPDATE`, [id]);
    if (!row) throw AppException.notFound('Recovery plan', id);
    return planFromRow(row);
  }

  async planOrigin(id: string): Promise<string> {
    const [row]: { origin_complaint_id: string }[] = await this.dataSource.query(`SELECT origin_complaint_id FROM recovery_plans WHERE id = $1`, [id]);
    if (!row) throw AppException.notFound('Recovery plan', id);
    return row.origin_complaint_id;
  }

  insertPlan(batch: WriteBatch, plan: RecoveryPlanView): void {
    batch.add(
      (p) =>
        `INSERT INTO recovery_plans (id, customer_id, origin_complaint_id, origin_revisit_id, status, start_nps, last_nps, contact_every_days, next_contact_at, contact_count, created_at, updated_at, version)
         VALUES (${p(plan.id)}, ${p(plan.customerId)}, ${p(plan.originComplaintId)}, ${p(plan.originRevisitId)}, ${p(plan.status)}, ${p(plan.startNps)}, ${p(plan.lastNps)},
                 ${p(plan.contactEveryDays)}, ${p(plan.nextContactAt)}, ${p(plan.contactCount)}, ${p(plan.createdAt)}, ${p(plan.createdAt)}, 1)`,
    );
  }

  updatePlan(batch: WriteBatch, plan: RecoveryPlanView, at: Date): void {
    batch.add(
      (p) =>
        `UPDATE recovery_plans SET status = ${p(plan.status)}, last_nps = ${p(plan.lastNps)}, next_contact_at = ${p(plan.nextContactAt)}, contact_count = ${p(plan.contactCount)},
                ended_at = ${p(plan.endedAt)}, end_reason = ${p(plan.endReason)}, ended_by_id = ${p(plan.endedById)}, updated_at = ${p(at)}, version = version + 1
          WHERE id = ${p(plan.id)}`,
    );
  }

  /** The open contact of a plan, locked. */
  async lockOpenContact(tx: EntityManager, planId: string): Promise<{ id: string } | null> {
    const [row]: { id: string }[] = await tx.query(`SELECT id FROM revisits WHERE recovery_plan_id = $1 AND status = 'scheduled' FOR UPDATE`, [planId]);
    return row ?? null;
  }

  scheduledEvent(r: NewRevisit, actor: Actor, at: Date): NewEvent {
    return {
      complaintId: r.complaintId,
      type: 'revisit_scheduled',
      actor,
      at,
      data: { revisitId: r.id, kind: r.kind, round: r.round, dueAt: r.dueAt.toISOString(), assigneeId: r.assigneeId, recoveryPlanId: r.recoveryPlanId },
    };
  }

  /** Business seconds from `from` to `to` on the terms' calendar. */
  businessSeconds(terms: RevisitTerms, from: Date, to: Date): number {
    return businessSecondsBetween(from, to, terms.calendar);
  }

  // ---- reads

  async ofComplaint(complaintId: string): Promise<{ items: RevisitResponse[] }> {
    const rows: Record<string, unknown>[] = await this.dataSource.query(`${REVISIT_VIEW_SELECT} WHERE r.complaint_id = $1 ORDER BY r.created_at, r.id`, [complaintId]);
    if (rows.length === 0) {
      const exists: unknown[] = await this.dataSource.query(`SELECT 1 FROM complaints WHERE id = $1`, [complaintId]);
      if (exists.length === 0) throw AppException.notFound('Complaint', complaintId);
    }
    const now = new Date();
    return { items: rows.map((r) => RevisitResponse.from(revisitViewFromRow(r), now)) };
  }

  async get(id: string): Promise<RevisitResponse> {
    const [row] = await this.dataSource.query(`${REVISIT_VIEW_SELECT} WHERE r.id = $1`, [id]);
    if (!row) throw AppException.notFound('Revisit', id);
    return RevisitResponse.from(revisitViewFromRow(row), new Date());
  }

  /** The worklist: by due time, then customer tier (diamond first); `due` is derived at read time. */
  async worklist(query: ListRevisitsQueryDto): Promise<Page<RevisitResponse>> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const now = new Date();
    const params: unknown[] = [];
    const p: Param = (v) => {
      params.push(v);
      return `$${params.length}`;
    };
    const where: string[] = [];
    switch (query.status) {
      case 'due':
        where.push(`r.status = 'scheduled'`, `r.due_at <= ${p(now)}`);
        break;
      case 'scheduled':
        where.push(`r.status = 'scheduled'`, `r.due_at > ${p(now)}`);
        break;
      case undefined:
        break;
      default:
        where.push(`r.status = ${p(query.status)}`);
    }
    if (query.assigneeId !== undefined) where.push(`r.assignee_id = ${p(query.assigneeId)}`);
    if (query.pool === true) where.push('r.assignee_id IS NULL');
    if (query.pool === false) where.push('r.assignee_id IS NOT NULL');
    if (query.kind !== undefined) where.push(`r.kind = ${p(query.kind)}`);
    const after = decodeWorklistCursor(query.cursor);
    if (after) where.push(`(r.due_at, r.tier_rank, r.id) > (${p(after.dueAt)}, ${p(after.tierRank)}, ${p(after.id)})`);
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `${REVISIT_VIEW_SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY r.due_at, r.tier_rank, r.id LIMIT ${p(limit + 1)}`,
      params,
    );
    const views = rows.map(revisitViewFromRow);
    const page = views.slice(0, limit);
    const last = page[page.length - 1];
    return { items: page.map((v) => RevisitResponse.from(v, now)), nextCursor: views.length > limit && last ? encodeWorklistCursor(last) : null };
  }

  async plansOfCustomer(customerId: string, query: ListRecoveryPlansQueryDto): Promise<Page<RecoveryPlanResponse>> {
    const exists: unknown[] = await this.dataSource.query(`SELECT 1 FROM customers WHERE id = $1`, [customerId]);
    if (exists.length === 0) throw AppException.notFound('Customer', customerId);
    return this.plans(query, customerId);
  }

  async plans(query: ListRecoveryPlansQueryDto, customerId?: string): Promise<Page<RecoveryPlanResponse>> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const params: unknown[] = [];
    const p: Param = (v) => {
      params.push(v);
      return `$${params.length}`;
    };
    const where: string[] = [];
    if (customerId) where.push(`customer_id = ${p(customerId)}`);
    if (query.status) where.push(`status = ${p(query.status)}`);
    const after = decodePlanCursor(query.cursor);
    if (after) where.push(`(created_at, id) < (${p(after.createdAt)}, ${p(after.id)})`);
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT ${PLAN_COLUMNS} FROM recovery_plans ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at DESC, id DESC LIMIT ${p(limit + 1)}`,
      params,
    );
    const plans = rows.map(planFromRow);
    const page = plans.slice(0, limit);
    const last = page[page.length - 1];
    return { items: page.map(RecoveryPlanResponse.from), nextCursor: plans.length > limit && last ? encodePlanCursor(last) : null };
  }

  // ---- internals

  private async cancelOpen(ctx: RevisitChangeContext, complaintId: string, reason: string, actor: Actor, options: { except?: string }): Promise<ClockMove[]> {
    const open: { id: string; clock_id: string | null; round: number }[] = await ctx.tx.query(
      `SELECT id, clock_id, round FROM revisits WHERE complaint_id = $1 AND kind = 'revisit' AND status = 'scheduled' FOR UPDATE`,
      [complaintId],
    );
    const cancelled = open.filter((r) => r.id !== options.except);
    if (cancelled.length === 0) return [];
    ctx.batch.add(
      (p) =>
        `UPDATE revisits SET status = 'cancelled', ended_at = ${p(ctx.now)}, ended_reason = ${p(reason)}, updated_at = ${p(ctx.now)}, version = version + 1
          WHERE id = ANY(${p(cancelled.map((r) => r.id))}::uuid[])`,
    );
    for (const r of cancelled) ctx.events.push({ complaintId, type: 'revisit_cancelled', actor, at: ctx.now, data: { revisitId: r.id, round: r.round, reason } });
    return cancelled.some((r) => r.clock_id) ? [{ kind: 'revisit_done', reason: `revisit cancelled: ${reason}` }] : [];
  }

  /** Who first took the complaint in (while active), else its assignee (while active), else the pool. */
  private async firstContactOwner(tx: EntityManager, complaint: ComplaintView): Promise<string | null> {
    const candidates = [complaint.intakeActorType === 'user' ? complaint.intakeActorId : null, complaint.assigneeId].filter((id): id is string => id !== null);
    if (candidates.length === 0) return null;
    const active: { id: string }[] = await tx.query(`SELECT id FROM users WHERE id = ANY($1) AND active`, [candidates]);
    return candidates.find((id) => active.some((a) => a.id === id)) ?? null;
  }
}

/** The first call of a revisit with a clock, as the clock's `due` firing announces it. */
export function firstCall(r: NewRevisit): RevisitCall {
  return { at: r.dueAt, revisitId: r.id, round: r.round, attempt: 1, assigneeId: r.assigneeId };
}

function planFromRow(r: Record<string, unknown>): RecoveryPlanView {
  const date = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string));
  return {
    id: r.id as string,
    customerId: r.customer_id as string,
    originComplaintId: r.origin_complaint_id as string,
    originRevisitId: r.origin_revisit_id as string,
    status: r.status as RecoveryPlanView['status'],
    startNps: Number(r.start_nps),
    lastNps: Number(r.last_nps),
    contactEveryDays: Number(r.contact_every_days),
    nextContactAt: date(r.next_contact_at),
    contactCount: Number(r.contact_count),
    endedAt: date(r.ended_at),
    endReason: (r.end_reason as string | null) ?? null,
    endedById: (r.ended_by_id as string | null) ?? null,
    version: Number(r.version),
    createdAt: new Date(r.created_at as string),
    updatedAt: new Date(r.updated_at as string),
  };
}

const badCursor = () => AppException.validation([{ field: 'cursor', message: 'cursor is not a cursor this API issued' }]);

function encodeWorklistCursor(v: { dueAt: Date; tierRank: number; id: string }): string {
  return Buffer.from(JSON.stringify({ d: v.dueAt.toISOString(), t: v.tierRank, id: v.id })).toString('base64url');
}

function decodeWorklistCursor(cursor: string | undefined): { dueAt: Date; tierRank: number; id: string } | null {
  if (!cursor) return null;
  try {
    const c = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { d: string; t: number; id: string };
    const dueAt = new Date(c.d);
    if (Number.isNaN(dueAt.getTime()) || !Number.isInteger(c.t) || typeof c.id !== 'string' || !/^[0-9a-f-]{36}$/i.test(c.id)) throw new Error('bad');
    return { dueAt, tierRank: c.t, id: c.id };
  } catch {
    throw badCursor();
  }
}

function encodePlanCursor(v: { createdAt: Date; id: string }): string {
  return Buffer.from(JSON.stringify({ t: v.createdAt.toISOString(), id: v.id })).toString('base64url');
}

function decodePlanCursor(cursor: string | undefined): { createdAt: Date; id: string } | null {
  if (!cursor) return null;
  try {
    const c = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { t: string; id: string };
    const createdAt = new Date(c.t);
    if (Number.isNaN(createdAt.getTime()) || typeof c.id !== 'string' || !/^[0-9a-f-]{36}$/i.test(c.id)) throw new Error('bad');
    return { createdAt, id: c.id };
  } catch {
    throw badCursor();
  }
}
