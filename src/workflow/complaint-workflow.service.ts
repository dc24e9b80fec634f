import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { Actor } from '../common/actor/actor';
import { AppException } from '../common/errors/app.exception';
import { ErrorCode } from '../common/errors/error-code';
import { WriteBatch } from '../database/write-batch';
import { UsersService } from '../auth/users.service';
import { ACKNOWLEDGE_ROUTE, canWorkComplaint, notOwnComplaint, TRANSITION_ROUTE, TRIAGE_ROUTE } from '../complaints/complaint-access.policy';
import { ComplaintChange } from '../complaints/complaint-change';
import { ComplaintView } from '../complaints/complaint-view';
import { ComplaintsService } from '../complaints/complaints.service';
import { AcknowledgeComplaintDto, AddNoteDto, AssignComplaintDto, TransitionComplaintDto } from '../complaints/dto/complaint-actions.dto';
import { ComplaintResponse, TimelineEventResponse } from '../complaints/dto/complaint.response';
import { allowedTargets, checkTransition } from '../complaints/status-machine';
import { isCustomerNews } from '../complaints/outbox-events';
import { NewEvent, TimelineService } from '../complaints/timeline.service';
import { ComplaintStatus } from '../domain/complaint.enums';
import { RootCauseRules } from '../root-cause/core/root-cause-rules.service';
import { SlaJobScheduler } from '../sla/firing/sla-job.scheduler';
import { ClockMove, SlaClocksService } from '../sla/sla-clocks.service';
import { ConfirmTriageDto } from '../triage/dto/confirm-triage.dto';
import { TriageService } from '../triage/triage.service';
import { RevisitsService } from '../revisits/revisits.service';
import { IdempotentRequest, StoredResponse, UnitOfWork } from '../unit-of-work/unit-of-work.service';

/** Everything one change of a complaint works with, inside its transaction. */
export interface ComplaintChangeContext {
  tx: EntityManager;
  batch: WriteBatch;
  now: Date;
  /** The complaint as locked at the start of the change. */
  complaint: ComplaintView;
  /** The named operations on the complaint row; written in one UPDATE at the end. */
  change: ComplaintChange;
  /** Timeline events, appended in this order in one statement at the end. */
  events: NewEvent[];
  /** Moves the complaint's clocks (once per change: pass a change's moves together); their deadlines, breach and events join the change. */
  moveClocks(move: ClockMove | ClockMove[]): Promise<void>;
}

/**
 * Changes to an existing complaint. Each is one transaction: lock the complaint, compute the
 * change (status machine, clocks), add the writes to one batch (complaint row, events, clocks,
 * firings, notifications), commit; then schedule the deadline wake-ups. Feature modules run
 * their own complaint changes through `change`.
 */
@Injectable()
export class ComplaintWorkflowService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly complaints: ComplaintsService,
    private readonly timeline: TimelineService,
    private readonly sla: SlaClocksService,
    private readonly scheduler: SlaJobScheduler,
    private readonly triage: TriageService,
    private readonly users: UsersService,
    private readonly rootCause: RootCauseRules,
    private readonly revisits: RevisitsService,
  ) {}

  /**
   * Runs one locked change of a complaint; answers the complaint as it is after the change unless
   * `apply` answers otherwise. With an Idempotency-Key, a retry replays the first answer.
   */
  async change<T = ComplaintResponse>(
    id: string,
    expectedVersion: number | undefined,
    apply: (ctx: ComplaintChangeContext) => Promise<T | void>,
    idempotency?: IdempotentRequest,
  ): Promise<T | ComplaintResponse> {
    return (await this.changeStored(id, expectedVersion, apply, { idempotency })).body;
  }

  /**
   * `change` with the stored response: a change that creates something answers `status`
   * (e.g. 201) and tells whether it was replayed from its Idempotency-Key.
   */
  async changeStored<T = ComplaintResponse>(
    id: string,
    expectedVersion: number | undefined,
    apply: (ctx: ComplaintChangeContext) => Promise<T | void>,
    options: { idempotency?: IdempotentRequest; status?: number } = {},
  ): Promise<StoredResponse<T | ComplaintResponse>> {
    let pending: Date[] = [];
    const result = await this.unitOfWork.run<T | ComplaintResponse>(async (tx, batch) => {
      const now = new Date();
      const complaint = await this.complaints.lockForChange(tx, id, expectedVersion);
      const change = new ComplaintChange(complaint);
      const events: NewEvent[] = [];
      const ctx: ComplaintChangeContext = {
        tx,
        batch,
        now,
        complaint,
        change,
        events,
        moveClocks: async (move) => {
          const sla = await this.sla.apply(tx, batch, change.current, move, now);
          change.setDeadlines({ slaPolicyId: sla.policyId, acknowledgeBy: sla.acknowledgeBy, resolveBy: sla.resolveBy }).recordSlaOutcome(sla);
          events.push(...sla.events);
          pending = [...pending, ...sla.pending];
        },
      };
      const out = await apply(ctx);
      const after = this.complaints.save(batch, change, now);
      this.timeline.append(batch, events);
      return { status: options.status ?? 200, body: out ?? ComplaintResponse.from(after) };
    }, options.idempotency);
    await this.scheduler.schedule(pending);
    return result;
  }

  acknowledge(id: string, dto: AcknowledgeComplaintDto, actor: Actor, expectedVersion?: number) {
    return this.change(id, expectedVersion ?? dto.version, async (ctx) => {
      this.requireWorkable(actor, ctx.complaint, ACKNOWLEDGE_ROUTE);
      if (ctx.complaint.status !== 'new') {
        throw new AppException(ErrorCode.ILLEGAL_TRANSITION, `Only a new complaint can be acknowledged; it is ${ctx.complaint.status}`, {
          allowed: allowedTargets(ctx.complaint.status),
        });
      }
      await this.moveTo(ctx, 'acknowledged', actor, dto.note, 'acknowledged');
    });
  }

  transition(id: string, dto: TransitionComplaintDto, actor: Actor, expectedVersion?: number) {
    return this.change(id, expectedVersion ?? dto.version, async (ctx) => {
      this.requireWorkable(actor, ctx.complaint, TRANSITION_ROUTE);
      await this.moveTo(ctx, dto.to, actor, dto.reason, 'status_changed', { remedy: dto.remedy });
    });
  }

  assign(id: string, dto: AssignComplaintDto, actor: Actor, expectedVersion?: number) {
    return this.change(id, expectedVersion ?? dto.version, async ({ tx, complaint, change, events, now }) => {
      if (complaint.status === 'closed' || complaint.status === 'withdrawn') {
        throw new AppException(ErrorCode.ILLEGAL_TRANSITION, `A ${complaint.status} complaint cannot be assigned`, { allowed: allowedTargets(complaint.status) });
      }
      if (complaint.assigneeId === dto.assigneeId) return;
      if (!(await this.users.isActive(tx, dto.assigneeId))) {
        throw AppException.validation([{ field: 'assigneeId', message: `assigneeId ${dto.assigneeId} is not an active user` }]);
      }
      change.assign(dto.assigneeId);
      events.push({ complaintId: complaint.id, type: 'assigned', actor, at: now, data: { from: complaint.assigneeId, to: dto.assigneeId, reason: dto.reason ?? null } });
    });
  }

  addNote(id: string, dto: AddNoteDto, actor: Actor): Promise<TimelineEventResponse> {
    return this.change<TimelineEventResponse>(id, undefined, async (ctx) => {
      const note: NewEvent & { id: string } = { id: randomUUID(), complaintId: id, type: 'note_added', actor, at: ctx.now, data: { body: dto.body, visibility: dto.visibility } };
      ctx.events.push(note);
      // A customer-visible note is the periodic progress update the customer is owed.
      if (dto.visibility === 'customer') await ctx.moveClocks({ kind: 'customer_update' });
      return TimelineService.toResponse(note);
    }) as Promise<TimelineEventResponse>;
  }

  /**
   * Staff confirm or correct the triage: stored by the triage module, then severity and
   * priority applied to the complaint and its clocks recalculated when they moved.
   */
  confirmTriage(id: string, dto: ConfirmTriageDto, actor: Actor, expectedVersion?: number) {
    return this.change(id, expectedVersion ?? dto.version, async (ctx) => {
      const { complaint, change, events, now } = ctx;
      if (complaint.status === 'closed' || complaint.status === 'withdrawn') {
        throw new AppException(ErrorCode.ILLEGAL_TRANSITION, `The triage of a ${complaint.status} complaint cannot be changed`, { allowed: allowedTargets(complaint.status) });
      }
      this.requireWorkable(actor, complaint, TRIAGE_ROUTE);
      const confirmed = await this.triage.confirm(ctx.tx, ctx.batch, complaint, dto, actor, now);
      // Staff's confirmation is a change of the complaint even when severity and priority stay.
      change.setSeverity(confirmed.severity).setPriority(confirmed.priority.priority).touch();
      events.push({ complaintId: id, type: 'triaged', actor, at: now, data: confirmed.event });
      if (complaint.severity !== confirmed.severity || complaint.priority !== confirmed.priority.priority) {
        events.push({
          complaintId: id,
          type: 'priority_changed',
          actor,
          at: now,
          data: {
            from: { severity: complaint.severity, priority: complaint.priority },
            to: { severity: confirmed.severity, priority: confirmed.priority.priority },
            reason: 'triage_confirmed',
            reasons: confirmed.priority.reasons,
          },
        });
        await ctx.moveClocks({ kind: 'recalculate', severity: confirmed.severity, customerTier: complaint.customer.tier, reason: 'triage_confirmed', actor });
      }
      return ComplaintResponse.from({ ...change.written(now), triage: confirmed.summary });
    });
  }

  /** 403 unless the actor may work this complaint through the route (`own` roles: only their own), checked under the row lock. */
  requireWorkable(actor: Actor, complaint: ComplaintView, routeKey: string): void {
    if (!canWorkComplaint(actor, complaint, routeKey)) throw new AppException(ErrorCode.FORBIDDEN, notOwnComplaint(actor));
  }

  /**
   * A status move checked against the status machine, with its timestamps, events and clocks.
   * Revisits follow explicitly: closing a resolved complaint checks its revisit first, a
   * resolution schedules one, a reopen cancels the open ones (`exceptRevisitId`: the revisit
   * whose outcome reopens it). `clockMoves` join the status move in the change's one clock move.
   */
  async moveTo(
    ctx: ComplaintChangeContext,
    to: ComplaintStatus,
    actor: Actor,
    reason: string | undefined,
    eventType: 'status_changed' | 'acknowledged' = 'status_changed',
    options: { remedy?: string; exceptRevisitId?: string; clockMoves?: ClockMove[] } = {},
  ): Promise<void> {
    const { complaint, change, events, now } = ctx;
    const from = complaint.status;
    const check = checkTransition(from, to);
    if (!check.allowed) {
      throw new AppException(ErrorCode.ILLEGAL_TRANSITION, `A complaint cannot move from ${from} to ${to}`, { from, to, allowed: check.allowedTargets });
    }
    if (to === 'closed') await this.rootCause.requireConfirmedForClose(ctx.tx, complaint);
    const closingEarly = from === 'resolved' && to === 'closed' ? await this.revisits.checkClose(ctx, actor, reason) : null;
    change.setStatus(to, now, check);
    const data: Record<string, unknown> = { from, to, reason: reason ?? null };
    if (closingEarly) data.closedBeforeRevisit = closingEarly.id;
    events.push({ complaintId: complaint.id, type: check.isReopen ? 'reopened' : eventType, actor, at: now, data: eventType === 'acknowledged' ? { ...data, note: reason ?? null } : data });
    if (check.isFirstResponse && eventType !== 'acknowledged') {
      events.push({ complaintId: complaint.id, type: 'acknowledged', actor, at: now, data: { implicit: true, by: to } });
    }
    const moves: ClockMove[] = [{ kind: 'status', move: { from, to, isReopen: check.isReopen, isFirstResponse: check.isFirstResponse, customerNews: isCustomerNews(to, check.isReopen) } }, ...(options.clockMoves ?? [])];
    if (check.isReopen) moves.push(...(await this.revisits.cancelOpenOnReopen(ctx, actor, { except: options.exceptRevisitId })));
    if (to === 'resolved') moves.push(...(await this.revisits.scheduleOnResolve(ctx, change.current, { actor, note: reason, remedy: options.remedy })));
    await ctx.moveClocks(moves);
  }
}
