import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { UsersService } from '../auth/users.service';
import { Actor, SYSTEM_ACTOR } from '../common/actor/actor';
import { AppException } from '../common/errors/app.exception';
import { ErrorCode } from '../common/errors/error-code';
import { ComplaintsService } from '../complaints/complaints.service';
import { NewEvent } from '../complaints/timeline.service';
import { ComplaintEventType } from '../domain/complaint.enums';
import { NotificationsService } from '../notifications/notifications.service';
import { TriageService } from '../triage/triage.service';
import { StoredResponse } from '../unit-of-work/unit-of-work.service';
import { ComplaintChangeContext, ComplaintWorkflowService } from '../workflow/complaint-workflow.service';
import { AuthorityRole, checkApprover, decideProposal, rankOf } from './approval-limits';
import { proposalInputErrors, proposalValue } from './compensation-value';
import { CompensationProposalsService } from './compensation-proposals.service';
import { CompensationSettingsService, monthOf } from './compensation-settings.service';
import { CompensationActionDto, CompensationSuggestionsResponse, CreateCompensationDto, FulfilCompensationDto } from './dto/compensation.dto';
import { CompensationResponse } from './dto/compensation.response';
import { FulfilmentScheduler } from './fulfilment/fulfilment.scheduler';
import { Proposal, ProposalWithFulfilment } from './proposal';
import { checkProposalMove, ProposalAction } from './proposal-status';
import { suggestCompensation } from './suggestions';

/** Permission-table keys of the compensation routes that work a complaint (own roles: only their own). */
export const PROPOSE_ROUTE = 'POST /api/v1/complaints/:id/compensations';
export const moveRoute = (action: ProposalAction) => `POST /api/v1/compensations/:id/${action === 'retry' ? 'retry-fulfilment' : action}`;

/** Staff moves (the worker's `fail` is not a route). */
export type StaffMove = Exclude<ProposalAction, 'fail'>;

const DONE: Record<ProposalAction, string> = {
  approve: 'approved',
  reject: 'rejected',
  offer: 'offered',
  accept: 'accepted',
  decline: 'declined',
  fulfil: 'fulfilled',
  fail: 'marked failed',
  retry: 'retried',
};

const EVENT: Record<ProposalAction, ComplaintEventType> = {
  approve: 'compensation_decided',
  reject: 'compensation_decided',
  offer: 'compensation_offered',
  accept: 'compensation_accepted',
  decline: 'compensation_declined',
  fulfil: 'compensation_fulfilled',
  fail: 'compensation_fulfilment_failed',
  retry: 'compensation_fulfilment_retried',
};

/**
 * Compensation proposals on complaints, above the workflow: each move locks the complaint
 * through ComplaintWorkflowService.change, then the proposal row, checks the status table and
 * the approval rule, and adds the proposal's writes, its timeline event and its notifications
 * to the change's batch. The fulfilment job is enqueued after commit.
 */
@Injectable()
export class CompensationService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly workflow: ComplaintWorkflowService,
    private readonly proposals: CompensationProposalsService,
    private readonly settings: CompensationSettingsService,
    private readonly users: UsersService,
    private readonly notifications: NotificationsService,
    private readonly complaints: ComplaintsService,
    private readonly triage: TriageService,
    private readonly scheduler: FulfilmentScheduler,
  ) {}

  // ---- proposing

  async propose(complaintId: string, dto: CreateCompensationDto, actor: Actor, idempotencyKey?: string): Promise<StoredResponse<CompensationResponse>> {
    return this.workflow.changeStored<CompensationResponse>(
      complaintId,
      undefined,
      async (ctx) => {
        const { tx, complaint, now } = ctx;
        this.workflow.requireWorkable(actor, complaint, PROPOSE_ROUTE);
        if (complaint.status === 'closed' || complaint.status === 'withdrawn') {
          throw new AppException(ErrorCode.ILLEGAL_TRANSITION, `No compensation can be proposed on a ${complaint.status} complaint`, { allowed: [] });
        }
        const settings = await this.settings.read(tx);
        const errors = proposalInputErrors(dto, settings.currency);
        if (errors.length) throw AppException.validation(errors);
        const value = proposalValue(dto, settings.pointRate);
        const teamId = await this.users.teamOf(tx, complaint.assigneeId);
        await this.proposals.lockCapAndBudget(tx, complaint.customerId, teamId);
        const month = monthOf(now);
        const committed = await this.proposals.committed(tx, { customerId: complaint.customerId, teamId, currency: settings.currency, now, monthStart: month.start, monthEnd: month.end });
        const budget = teamId ? await this.settings.budgetOf(tx, teamId, month.month) : null;
        const decision = decideProposal({
          proposerRole: actor.role,
          amount: { value, customer30Days: committed.customer30Days },
          limits: settings,
          teamBudget: budget === null ? null : { budget, spent: committed.teamMonth },
        });
        if (decision.status === 'refused') {
          throw new AppException(ErrorCode.UNPROCESSABLE, `No role may approve this proposal: ${decision.reasons.join('; ')}`, { errors: [{ field: dto.type === 'points' ? 'points' : 'amount', message: decision.reasons[0] }] });
        }
        const approved = decision.status === 'approved';
        const proposal: Proposal = {
          id: randomUUID(),
          complaintId,
          customerId: complaint.customerId,
          teamId,
          customerTier: complaint.customer.tier,
          type: dto.type,
          amount: dto.amount ?? null,
          currency: dto.currency ?? null,
          points: dto.points ?? null,
          value,
          valueCurrency: settings.currency,
          description: dto.description,
          rationale: dto.rationale,
          needs: dto.needs ?? [],
          status: decision.status,
          requiredApproverRole: decision.requiredApproverRole,
          ruleReasons: decision.reasons,
          proposedByType: actor.type,
          proposedById: actor.id,
          proposedByName: actor.name ?? null,
          proposedByRole: actor.role,
          decidedById: approved ? actor.id : null,
          decidedByName: approved ? (actor.name ?? null) : null,
          decidedByRole: approved ? actor.role : null,
          decidedAt: approved ? now : null,
          decisionReason: approved ? decision.reasons.join('; ') : null,
          approvedAt: approved ? now : null,
          offeredAt: null,
          customerDecidedAt: null,
          customerDecisionReason: null,
          fulfilledAt: null,
          fulfilmentReference: null,
          fulfilledManually: null,
          version: 1,
          createdAt: now,
          updatedAt: now,
        };
        this.proposals.insert(ctx.batch, proposal);
        ctx.events.push(this.event(ctx, 'compensation_proposed', actor, proposal, { needs: proposal.needs, rationale: proposal.rationale, requiredApproverRole: proposal.requiredApproverRole, ruleReasons: decision.reasons }));
        if (approved) {
          ctx.events.push(this.event(ctx, 'compensation_decided', actor, proposal, { decision: 'approved', automatic: true, reason: `within the ${actor.role} limit` }));
        } else {
          await this.notifyApprovers(ctx, proposal);
        }
        return CompensationResponse.from({ ...proposal, fulfilment: null });
      },
      { status: 201, idempotency: { key: idempotencyKey, scope: `${actor.type}:${actor.id ?? '-'}:POST /complaints/${complaintId}/compensations`, body: dto } },
    ) as Promise<StoredResponse<CompensationResponse>>;
  }

  // ---- moves

  async move(id: string, action: StaffMove, dto: CompensationActionDto & Partial<FulfilCompensationDto>, actor: Actor, expectedVersion?: number): Promise<CompensationResponse> {
    const complaintId = await this.proposals.complaintOf(id);
    let wake: { attempts: number; at: Date } | null = null;
    const result = (await this.workflow.change<CompensationResponse>(complaintId, undefined, async (ctx) => {
      const { tx, batch, now } = ctx;
      const p = await this.proposals.lock(tx, id, complaintId);
      AppException.assertVersion('compensation proposal', p.version, expectedVersion ?? dto.version);
      this.workflow.requireWorkable(actor, ctx.complaint, moveRoute(action));
      const to = this.checkMove(p, action);
      let after: ProposalWithFulfilment;
      switch (action) {
        case 'approve':
        case 'reject': {
          const required = await this.checkDecider(ctx, p, action, actor);
          after = this.proposals.update(batch, p, {
            status: to,
            requiredApproverRole: required,
            decidedById: actor.id,
            decidedByName: actor.name ?? null,
            decidedByRole: actor.role,
            decidedAt: now,
            decisionReason: dto.reason ?? null,
            ...(action === 'approve' ? { approvedAt: now } : {}),
          }, now);
          ctx.events.push(this.event(ctx, 'compensation_decided', actor, after, { decision: to, reason: dto.reason ?? null, requiredApproverRole: required }));
          if (p.proposedById && p.proposedByType === 'user') {
            this.notifications.insert(batch, [{ recipientId: p.proposedById, type: 'compensation_decided', complaintId, title: `Compensation ${to}: ${p.description}`.slice(0, 300), data: { proposalId: p.id, decision: to, by: actor.name ?? actor.id } }], now);
          }
          break;
        }
        case 'offer':
          after = this.proposals.update(batch, p, { status: to, offeredAt: now }, now);
          ctx.events.push(this.event(ctx, EVENT[action], actor, after, { reason: dto.reason ?? null }));
          break;
        case 'accept':
        case 'decline':
          after = this.proposals.update(batch, p, { status: to, customerDecidedAt: now, customerDecisionReason: dto.reason ?? null }, now);
          ctx.events.push(this.event(ctx, EVENT[action], actor, after, { reason: dto.reason ?? null }));
          if (action === 'accept') {
            this.proposals.insertFulfilment(batch, after, now);
            after = { ...after, fulfilment: { status: 'pending', attempts: 0, nextAttemptAt: now, lastError: null, providerReference: null, completedAt: null } };
            wake = { attempts: 0, at: now };
          }
          break;
        case 'fulfil':
          after = this.proposals.update(batch, p, { status: to, fulfilledAt: now, fulfilmentReference: dto.reference ?? null, fulfilledManually: true }, now);
          if (p.fulfilment) {
            this.proposals.completeFulfilment(batch, p.id, { status: 'manual', reference: dto.reference ?? null }, now);
            after = { ...after, fulfilment: { ...p.fulfilment, status: 'manual', completedAt: now } };
          }
          ctx.events.push(this.event(ctx, EVENT[action], actor, after, { manual: true, reference: dto.reference ?? null, reason: dto.reason ?? null }));
          break;
        case 'retry':
          after = this.proposals.update(batch, p, { status: to }, now);
          this.proposals.insertFulfilment(batch, after, now);
          after = { ...after, fulfilment: { status: 'pending', attempts: 0, nextAttemptAt: now, lastError: p.fulfilment?.lastError ?? null, providerReference: null, completedAt: null } };
          ctx.events.push(this.event(ctx, EVENT[action], actor, after, { reason: dto.reason ?? null }));
          wake = { attempts: 0, at: now };
          break;
      }
      return CompensationResponse.from(after);
    })) as CompensationResponse;
    const w = wake as { attempts: number; at: Date } | null;
    if (w) await this.scheduler.enqueue(id, w.attempts, w.at);
    return result;
  }

  /** 409 with what is allowed unless the status table has the move. */
  private checkMove(p: Proposal, action: ProposalAction) {
    const move = checkProposalMove(p.status, action);
    if (!move.allowed) {
      throw new AppException(ErrorCode.ILLEGAL_TRANSITION, `A ${p.status} proposal cannot be ${DONE[action]}`, {
        from: p.status,
        action,
        allowed: move.allowedTargets,
        allowedActions: move.allowedActions.filter((a) => a !== 'fail'),
      });
    }
    return move.to;
  }

  /**
   * Four eyes and the approver's authority, under the customer's and team's locks. To approve,
   * the customer's 30 days and the team's month are counted again: what was given since the
   * proposal may need a higher approver than the one it was waiting for.
   */
  private async checkDecider(ctx: ComplaintChangeContext, p: Proposal, decision: 'approve' | 'reject', actor: Actor): Promise<AuthorityRole | null> {
    const { tx, now } = ctx;
    const settings = await this.settings.read(tx);
    if (decision === 'approve' && settings.currency !== p.valueCurrency) {
      throw new AppException(ErrorCode.CONFLICT, `Approval limits are now kept in ${settings.currency}, this proposal in ${p.valueCurrency}: reject it and propose again`);
    }
    await this.proposals.lockCapAndBudget(tx, p.customerId, p.teamId);
    const month = monthOf(now);
    const committed = await this.proposals.committed(tx, { customerId: p.customerId, teamId: p.teamId, currency: p.valueCurrency, now, monthStart: month.start, monthEnd: month.end, excludeId: p.id });
    let required = p.requiredApproverRole as AuthorityRole | null;
    if (decision === 'approve') {
      const budget = p.teamId ? await this.settings.budgetOf(tx, p.teamId, month.month) : null;
      const again = decideProposal({
        proposerRole: p.proposedByRole,
        amount: { value: p.value, customer30Days: committed.customer30Days },
        limits: settings,
        teamBudget: budget === null ? null : { budget, spent: committed.teamMonth },
      });
      if (again.status === 'refused') throw new AppException(ErrorCode.APPROVAL_LIMIT_EXCEEDED, `Nobody's limits cover this proposal any more: ${again.reasons.join('; ')}`);
      if (again.status === 'pending_approval' && (required === null || rankOf(again.requiredApproverRole) > rankOf(required))) required = again.requiredApproverRole;
    }
    const check = checkApprover({
      approver: { id: actor.type === 'user' ? actor.id : null, role: actor.role },
      proposerId: p.proposedById,
      requiredApproverRole: required,
      amount: { value: p.value, customer30Days: committed.customer30Days },
      limits: settings,
      decision,
    });
    if (!check.ok) {
      throw new AppException(check.code === 'four_eyes' ? ErrorCode.FOUR_EYES : ErrorCode.APPROVAL_LIMIT_EXCEEDED, check.detail, { requiredApproverRole: required });
    }
    return required;
  }

  /** A pending proposal is announced to whoever may approve it: the team's supervisor, or every user of a higher role. */
  private async notifyApprovers(ctx: ComplaintChangeContext, p: Proposal): Promise<void> {
    const draft = { type: 'compensation_approval', complaintId: p.complaintId, title: `Compensation to approve (${p.requiredApproverRole}): ${p.description}`.slice(0, 300), data: { proposalId: p.id, value: p.value, currency: p.valueCurrency } };
    if (p.requiredApproverRole === 'supervisor') {
      const lookup = await this.notifications.directory(ctx.tx, [ctx.complaint], ['supervisor']);
      const recipients = lookup('supervisor', ctx.complaint).filter((id) => id !== p.proposedById);
      this.notifications.insert(ctx.batch, recipients.map((recipientId) => ({ ...draft, recipientId })), ctx.now);
    } else if (p.requiredApproverRole) {
      this.notifications.notifyRole(ctx.batch, p.requiredApproverRole, draft, ctx.now);
    }
  }

  // ---- the fulfilment worker's outcomes

  /** The provider delivered: the proposal is fulfilled with its reference (unless staff recorded it by hand meanwhile). */
  async recordDelivered(proposalId: string, reference: string, attempts: number): Promise<void> {
    const complaintId = await this.proposals.complaintOf(proposalId);
    await this.workflow.change(complaintId, undefined, async (ctx) => {
      const p = await this.proposals.lock(ctx.tx, proposalId, complaintId);
      if (p.status === 'accepted' || p.status === 'fulfilment_failed') {
        const after = this.proposals.update(ctx.batch, p, { status: 'fulfilled', fulfilledAt: ctx.now, fulfilmentReference: reference, fulfilledManually: false }, ctx.now);
        ctx.events.push(this.event(ctx, 'compensation_fulfilled', SYSTEM_ACTOR, after, { manual: false, reference, attempts }));
      }
      this.proposals.completeFulfilment(ctx.batch, proposalId, { status: 'succeeded', reference }, ctx.now);
    });
  }

  /** The last attempt failed: the proposal is fulfilment_failed, on the supervisors' list, and the team's supervisor is notified. */
  async recordFailed(proposalId: string, error: string, attempts: number): Promise<void> {
    const complaintId = await this.proposals.complaintOf(proposalId);
    await this.workflow.change(complaintId, undefined, async (ctx) => {
      const p = await this.proposals.lock(ctx.tx, proposalId, complaintId);
      this.proposals.completeFulfilment(ctx.batch, proposalId, { status: 'failed', error }, ctx.now);
      if (p.status !== 'accepted') return;
      const after = this.proposals.update(ctx.batch, p, { status: 'fulfilment_failed' }, ctx.now);
      ctx.events.push(this.event(ctx, 'compensation_fulfilment_failed', SYSTEM_ACTOR, after, { attempts, error }));
      const lookup = await this.notifications.directory(ctx.tx, [ctx.complaint], ['supervisor']);
      const title = `Compensation not delivered after ${attempts} attempts: ${p.description}`.slice(0, 300);
      this.notifications.insert(
        ctx.batch,
        lookup('supervisor', ctx.complaint).map((recipientId) => ({ recipientId, type: 'compensation_fulfilment_failed', complaintId, title, data: { proposalId, attempts, error } })),
        ctx.now,
      );
    });
  }

  // ---- suggestions

  async suggestions(complaintId: string, actor: Actor): Promise<CompensationSuggestionsResponse> {
    const manager = this.dataSource.manager;
    const complaint = await this.complaints.findView(manager, complaintId);
    const [labels, settings, acceptance] = await Promise.all([
      this.triage.effectiveLabels(manager, complaintId),
      this.settings.read(manager),
      this.proposals.acceptanceByType(complaint.customer.tier),
    ]);
    const teamId = await this.users.teamOf(manager, complaint.assigneeId);
    const now = new Date();
    const month = monthOf(now);
    const committed = await this.proposals.committed(manager, { customerId: complaint.customerId, teamId, currency: settings.currency, now, monthStart: month.start, monthEnd: month.end });
    const budget = teamId ? await this.settings.budgetOf(manager, teamId, month.month) : null;
    const items = suggestCompensation({
      tier: complaint.customer.tier,
      valueSegment: complaint.customer.valueSegment,
      severity: complaint.severity,
      category: complaint.category,
      triage: labels,
      acceptance,
      currency: settings.currency,
      pointRate: settings.pointRate,
    });
    return {
      dominant: labels?.dominant ?? null,
      tier: complaint.customer.tier,
      items: items.map((s) => {
        const d = decideProposal({ proposerRole: actor.role, amount: { value: s.value, customer30Days: committed.customer30Days }, limits: settings, teamBudget: budget === null ? null : { budget, spent: committed.teamMonth } });
        return { ...s, requiredApproverRole: d.status === 'pending_approval' ? d.requiredApproverRole : d.status === 'refused' ? 'admin' : null };
      }),
    };
  }

  private event(ctx: ComplaintChangeContext, type: ComplaintEventType, actor: Actor, p: Proposal, extra: Record<string, unknown>): NewEvent {
    return {
      complaintId: p.complaintId,
      type,
      actor,
      at: ctx.now,
      data: { proposalId: p.id, status: p.status, type: p.type, amount: p.amount, currency: p.currency, points: p.points, value: p.value, valueCurrency: p.valueCurrency, ...extra },
    };
  }
}
