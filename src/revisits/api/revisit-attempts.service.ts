import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Actor } from '../../common/actor/actor';
import { AppException } from '../../common/errors/app.exception';
import { ErrorCode } from '../../common/errors/error-code';
import { NewEvent } from '../../complaints/timeline.service';
import { CustomersService } from '../../customers/customers.service';
import { NotificationsService } from '../../notifications/notifications.service';
import { ClockMove } from '../../sla/sla-clocks.service';
import { ComplaintChangeContext, ComplaintWorkflowService } from '../../workflow/complaint-workflow.service';
import { RecoveryPlanView } from '../dto/recovery-plan.dto';
import { RecordAttemptDto, RevisitResponse } from '../dto/revisit.dto';
import { afterDays, AttemptDecision, attemptInputErrors, decideAttempt, nextBusinessInstant } from '../revisit-rules';
import { AttemptView, RevisitView } from '../revisit-view';
import { firstCall, NewRevisit, RevisitPatch, RevisitsService, RevisitTerms } from '../revisits.service';

/** Roles that record attempts only on the revisits assigned to them (or the pool's). */
const OWN_REVISITS_ONLY = ['agent', 'front_desk'];

/**
 * Records a call of a revisit, as one change of its complaint (ComplaintWorkflowService.change):
 * the attempt, the revisit's new state and clock, and what follows from the outcome — a
 * reschedule, an unreachable end (supervisor told), a flagged phone, a reopen with escalation
 * when the customer is not satisfied, a second revisit for high tiers, a recovery plan for a
 * detractor — with their timeline events, in one transaction.
 */
@Injectable()
export class RevisitAttemptsService {
  constructor(
    private readonly workflow: ComplaintWorkflowService,
    private readonly revisits: RevisitsService,
    private readonly customers: CustomersService,
    private readonly notifications: NotificationsService,
  ) {}

  async record(id: string, dto: RecordAttemptDto, actor: Actor, expectedVersion?: number, idempotencyKey?: string): Promise<RevisitResponse> {
    const errors = attemptInputErrors(dto);
    if (errors.length) throw AppException.validation(errors);
    // What the caller acted on: an attempt recorded by someone else meanwhile makes this one stale.
    const seen = await this.revisits.complaintOf(id);
    return this.workflow.change<RevisitResponse>(seen.complaintId, undefined, async (ctx) => {
      const revisit = await this.revisits.lockView(ctx.tx, id);
      if (revisit.status !== 'scheduled') {
        throw new AppException(ErrorCode.ILLEGAL_TRANSITION, `The revisit is ${revisit.status}: no more attempts can be recorded`, { revisitStatus: revisit.status, allowed: [] });
      }
      AppException.assertVersion('revisit', revisit.version, expectedVersion ?? dto.version);
      if (revisit.attemptCount !== seen.attemptCount) {
        throw new AppException(ErrorCode.STALE_VERSION, `Another attempt was recorded on this revisit meanwhile (now ${revisit.attemptCount}); reload it`, { currentVersion: revisit.version });
      }
      if (OWN_REVISITS_ONLY.includes(actor.role) && revisit.assigneeId !== null && revisit.assigneeId !== actor.id) {
        throw new AppException(ErrorCode.FORBIDDEN, `The ${actor.role} role may only record attempts on revisits assigned to it or to the pool`);
      }
      const terms = await this.revisits.terms(ctx.tx, ctx.complaint.slaPolicyId);
      const s = terms.settings;
      const decision = decideAttempt(revisit, dto, { maxAttempts: s.maxAttempts, retryDelays: s.retryDelays, secondRevisitTiers: s.secondRevisitTiers }, revisit.customer.tier, ctx.now, terms.calendar, terms.timezone);
      return this.apply(ctx, revisit, dto, decision, terms, actor);
    }, { key: idempotencyKey, scope: `${actor.type}:${actor.id ?? '-'}:POST /revisits/${id}/attempts`, body: dto }) as Promise<RevisitResponse>;
  }

  private async apply(ctx: ComplaintChangeContext, revisit: RevisitView, dto: RecordAttemptDto, d: AttemptDecision, terms: RevisitTerms, actor: Actor): Promise<RevisitResponse> {
    const { batch, now, events, complaint } = ctx;
    const reached = dto.outcome === 'reached';
    const attempt: AttemptView = {
      seq: d.seq,
      outcome: dto.outcome,
      satisfied: reached ? (dto.satisfied ?? null) : null,
      csat: dto.csat ?? null,
      nps: dto.nps ?? null,
      comment: dto.comment ?? null,
      nextDueAt: d.nextDueAt,
      actor: { type: actor.type, id: actor.id, name: actor.name ?? null },
      at: now,
    };
    this.revisits.insertAttempt(batch, { revisitId: revisit.id, ...attempt, actor });
    const patch: RevisitPatch = { attemptCount: d.seq, lastOutcome: dto.outcome, status: d.status };
    if (d.nextDueAt) patch.dueAt = d.nextDueAt;
    if (reached) Object.assign(patch, { satisfied: attempt.satisfied, csat: attempt.csat, nps: attempt.nps });
    if (d.ended) Object.assign(patch, { endedAt: now, endedReason: d.endedReason! });
    if (d.reopen) patch.reopened = true;
    const base = { revisitId: revisit.id, kind: revisit.kind, round: revisit.round };
    events.push({
      complaintId: complaint.id,
      type: 'revisit_attempted',
      actor,
      at: now,
      data: { ...base, attempt: d.seq, outcome: dto.outcome, satisfied: attempt.satisfied, csat: attempt.csat, nps: attempt.nps, comment: attempt.comment, nextDueAt: d.nextDueAt?.toISOString() ?? null },
    });
    if (d.ended === 'completed') events.push({ complaintId: complaint.id, type: 'revisit_completed', actor, at: now, data: { ...base, satisfied: attempt.satisfied, csat: attempt.csat, nps: attempt.nps } });
    if (d.ended === 'unreachable') events.push({ complaintId: complaint.id, type: 'revisit_unreachable', actor, at: now, data: { ...base, attempts: d.seq, reason: d.endedReason } });
    this.revisits.update(batch, revisit.id, patch, now);

    const clockMoves: ClockMove[] = [];
    if (d.ended && revisit.clockId) clockMoves.push({ kind: 'revisit_done', reason: `revisit ${d.ended}: ${d.endedReason}` });
    if (d.nextDueAt && revisit.clockId) clockMoves.push({ kind: 'revisit_call_moved', at: d.nextDueAt, attempt: d.seq + 1 });
    if (d.flagPhone) this.customers.flagPhone(batch, revisit.customerId, `wrong number on revisit ${revisit.id}`, now);
    const notices: { role: 'assignee' | 'supervisor'; type: string; title: string }[] = [];
    if (d.notifySupervisor) notices.push({ role: 'supervisor', type: 'revisit_unreachable', title: `${revisit.complaint.reference}: customer unreachable for the ${revisit.kind} (${d.endedReason})` });
    if (d.secondRevisit) clockMoves.push(this.scheduleSecond(ctx, revisit, terms, actor));
    if (d.recovery) await this.recovery(ctx, revisit, d, dto.nps, terms, actor);
    if (d.reopen) {
      if (complaint.status === 'resolved' || complaint.status === 'closed') {
        await this.workflow.moveTo(ctx, 'in_progress', actor, 'revisit: the customer is not satisfied', 'status_changed', { exceptRevisitId: revisit.id, clockMoves });
        clockMoves.length = 0;
      }
      const level = ctx.change.current.escalationLevel + 1;
      ctx.change.raiseEscalation(level);
      events.push({ complaintId: complaint.id, type: 'escalated', actor, at: now, data: { level, reason: 'revisit_unsatisfied', revisitId: revisit.id, comment: attempt.comment } });
      notices.push(
        { role: 'assignee', type: 'revisit_unsatisfied', title: `${revisit.complaint.reference}: reopened, the customer is not satisfied` },
        { role: 'supervisor', type: 'revisit_unsatisfied', title: `${revisit.complaint.reference}: reopened and escalated to level ${level} after the revisit` },
      );
    }
    if (clockMoves.length) await ctx.moveClocks(clockMoves);
    if (notices.length) {
      const target = { assigneeId: ctx.change.current.assigneeId, intakeActorId: complaint.intakeActorId };
      const revisitTarget = { assigneeId: revisit.assigneeId ?? target.assigneeId, intakeActorId: complaint.intakeActorId };
      const lookup = await this.notifications.directory(ctx.tx, [target, revisitTarget], notices.map((n) => n.role));
      this.notifications.insert(
        batch,
        notices.flatMap((n) =>
          lookup(n.role, n.type === 'revisit_unreachable' ? revisitTarget : target).map((recipientId) => ({
            recipientId,
            type: n.type,
            complaintId: complaint.id,
            title: n.title,
            data: { revisitId: revisit.id, outcome: dto.outcome },
          })),
        ),
        now,
      );
    }
    const after: RevisitView = {
      ...revisit,
      ...patch,
      satisfied: patch.satisfied !== undefined ? patch.satisfied : revisit.satisfied,
      csat: patch.csat !== undefined ? patch.csat : revisit.csat,
      nps: patch.nps !== undefined ? patch.nps : revisit.nps,
      endedAt: patch.endedAt ?? revisit.endedAt,
      endedReason: patch.endedReason ?? revisit.endedReason,
      reopened: patch.reopened ?? revisit.reopened,
      version: revisit.version + 1,
      updatedAt: now,
      complaint: { ...revisit.complaint, status: ctx.change.current.status },
      customer: d.flagPhone ? { ...revisit.customer, phoneFlaggedAt: now } : revisit.customer,
      sla: revisit.sla && d.ended ? { ...revisit.sla, status: 'stopped' } : revisit.sla,
      attempts: [...revisit.attempts, attempt],
    } as RevisitView;
    return RevisitResponse.from(after, now);
  }

  /** Diamond and platinum customers (per policy) get a second revisit after a satisfied first one. */
  private scheduleSecond(ctx: ComplaintChangeContext, first: RevisitView, terms: RevisitTerms, actor: Actor): ClockMove {
    const dueAt = nextBusinessInstant(new Date(ctx.now.getTime() + terms.settings.secondRevisitAfterSeconds * 1000), terms.calendar);
    const second: NewRevisit = {
      id: randomUUID(),
      complaintId: first.complaintId,
      customerId: first.customerId,
      kind: 'revisit',
      round: 2,
      recoveryPlanId: null,
      dueAt,
      clockId: randomUUID(),
      assigneeId: first.assigneeId,
      customerTier: first.customer.tier,
      resolutionNote: first.resolutionNote,
      remedy: first.remedy,
    };
    this.revisits.insert(ctx.batch, second, ctx.now);
    ctx.events.push(this.revisits.scheduledEvent(second, actor, ctx.now));
    return {
      kind: 'revisit_scheduled',
      clockId: second.clockId!,
      targetSeconds: this.revisits.businessSeconds(terms, ctx.now, dueAt) + terms.settings.reachWithinSeconds,
      reason: 'second revisit after a satisfied first one',
      call: firstCall(second),
    };
  }

  /** A detractor gets a recovery plan; a recovery contact moves its plan on (recovered, or the next contact). */
  private async recovery(ctx: ComplaintChangeContext, revisit: RevisitView, d: AttemptDecision, nps: number | undefined, terms: RevisitTerms, actor: Actor): Promise<void> {
    const { tx, batch, now, events } = ctx;
    const contact = (plan: RecoveryPlanView): NewRevisit => ({
      id: randomUUID(),
      complaintId: plan.originComplaintId,
      customerId: plan.customerId,
      kind: 'recovery',
      round: plan.contactCount + 1,
      recoveryPlanId: plan.id,
      dueAt: afterDays(now, plan.contactEveryDays, terms.calendar, terms.timezone),
      clockId: null,
      assigneeId: revisit.assigneeId,
      customerTier: revisit.customer.tier,
      resolutionNote: revisit.resolutionNote,
      remedy: revisit.remedy,
    });
    const planEvent = (type: NewEvent['type'], plan: RecoveryPlanView, data: Record<string, unknown>): NewEvent => ({ complaintId: revisit.complaintId, type, actor, at: now, data: { recoveryPlanId: plan.id, ...data } });
    if (d.recovery === 'start') {
      const active = await this.revisits.lockActivePlan(tx, revisit.customerId);
      if (active) {
        this.revisits.updatePlan(batch, { ...active, lastNps: nps! }, now);
        return;
      }
      const plan: RecoveryPlanView = {
        id: randomUUID(),
        customerId: revisit.customerId,
        originComplaintId: revisit.complaintId,
        originRevisitId: revisit.id,
        status: 'active',
        startNps: nps!,
        lastNps: nps!,
        contactEveryDays: terms.settings.recoveryContactEveryDays,
        nextContactAt: null,
        contactCount: 0,
        endedAt: null,
        endReason: null,
        endedById: null,
        version: 1,
        createdAt: now,
        updatedAt: now,
      };
      const first = contact(plan);
      this.revisits.insertPlan(batch, { ...plan, nextContactAt: first.dueAt, contactCount: 1 });
      this.revisits.insert(batch, first, now);
      events.push(planEvent('recovery_plan_started', plan, { nps, contactEveryDays: plan.contactEveryDays, nextContactAt: first.dueAt.toISOString() }));
      events.push(this.revisits.scheduledEvent(first, actor, now));
      return;
    }
    if (!revisit.recoveryPlanId) return;
    const plan = await this.revisits.lockPlan(tx, revisit.recoveryPlanId);
    if (plan.status !== 'active') return;
    if (d.recovery === 'recovered') {
      this.revisits.updatePlan(batch, { ...plan, status: 'recovered', lastNps: nps!, nextContactAt: null, endedAt: now, endReason: `NPS ${nps} recorded` }, now);
      events.push(planEvent('recovery_plan_ended', plan, { status: 'recovered', nps }));
      return;
    }
    const next = contact(plan);
    this.revisits.insert(batch, next, now);
    this.revisits.updatePlan(batch, { ...plan, lastNps: nps ?? plan.lastNps, nextContactAt: next.dueAt, contactCount: plan.contactCount + 1 }, now);
    events.push(this.revisits.scheduledEvent(next, actor, now));
  }
}
