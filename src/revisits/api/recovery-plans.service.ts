import { Injectable } from '@nestjs/common';
import { Actor } from '../../common/actor/actor';
import { AppException } from '../../common/errors/app.exception';
import { ErrorCode } from '../../common/errors/error-code';
import { ComplaintWorkflowService } from '../../workflow/complaint-workflow.service';
import { EndRecoveryPlanDto, RecoveryPlanResponse } from '../dto/recovery-plan.dto';
import { RevisitsService } from '../revisits.service';

/** Ending a recovery plan by a manager: one change of the plan's origin complaint (its timeline records it). */
@Injectable()
export class RecoveryPlansService {
  constructor(
    private readonly workflow: ComplaintWorkflowService,
    private readonly revisits: RevisitsService,
  ) {}

  async end(id: string, dto: EndRecoveryPlanDto, actor: Actor): Promise<RecoveryPlanResponse> {
    const complaintId = await this.revisits.planOrigin(id);
    return this.workflow.change<RecoveryPlanResponse>(complaintId, undefined, async (ctx) => {
      const plan = await this.revisits.lockPlan(ctx.tx, id);
      if (plan.status !== 'active') throw new AppException(ErrorCode.ILLEGAL_TRANSITION, `The recovery plan is ${plan.status}, not active`, { planStatus: plan.status, allowed: [] });
      const open = await this.revisits.lockOpenContact(ctx.tx, id);
      if (open) this.revisits.update(ctx.batch, open.id, { status: 'cancelled', endedAt: ctx.now, endedReason: 'recovery plan ended' }, ctx.now);
      const ended = { ...plan, status: 'ended' as const, nextContactAt: null, endedAt: ctx.now, endReason: dto.reason, endedById: actor.id };
      this.revisits.updatePlan(ctx.batch, ended, ctx.now);
      ctx.events.push({ complaintId, type: 'recovery_plan_ended', actor, at: ctx.now, data: { recoveryPlanId: id, status: 'ended', reason: dto.reason, cancelledContact: open?.id ?? null } });
      return RecoveryPlanResponse.from({ ...ended, version: plan.version + 1, updatedAt: ctx.now });
    }) as Promise<RecoveryPlanResponse>;
  }
}
