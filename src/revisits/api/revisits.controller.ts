import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, CurrentActor } from '../../common/actor/actor';
import { IdempotencyKey, IfMatchVersion } from '../../common/http/if-match';
import { UuidParamPipe } from '../../common/http/parse-uuid.pipe';
import { EndRecoveryPlanDto, ListRecoveryPlansQueryDto, RecoveryPlanPage, RecoveryPlanResponse } from '../dto/recovery-plan.dto';
import { ListRevisitsQueryDto, RecordAttemptDto, RevisitList, RevisitPage, RevisitResponse } from '../dto/revisit.dto';
import { SatisfactionQueryDto, SatisfactionReport } from '../dto/satisfaction-report.dto';
import { RevisitsService } from '../revisits.service';
import { RecoveryPlansService } from './recovery-plans.service';
import { RevisitAttemptsService } from './revisit-attempts.service';
import { SatisfactionReportService } from './satisfaction-report.service';

/** Revisit callbacks after resolution, their attempts, detractors' recovery plans and the satisfaction report. */
@ApiTags('revisits')
@Controller('api/v1')
export class RevisitsController {
  constructor(
    private readonly revisits: RevisitsService,
    private readonly attempts: RevisitAttemptsService,
    private readonly plans: RecoveryPlansService,
    private readonly report: SatisfactionReportService,
  ) {}

  @Get('complaints/:id/revisits')
  @ApiOperation({ summary: 'Revisits of a complaint, oldest first / 投诉的回访记录' })
  ofComplaint(@Param('id', UuidParamPipe) id: string): Promise<RevisitList> {
    return this.revisits.ofComplaint(id);
  }

  @Get('revisits')
  @ApiOperation({
    summary: 'The call-center worklist, by due time then customer tier / 回访工作清单(按到期时间、客户等级排序)',
    description: 'status=due: scheduled and its time has come; each item carries the complaint reference and summary, resolution note, remedy, customer tier, preferred contact time and previous attempts.',
  })
  worklist(@Query() query: ListRevisitsQueryDto): Promise<RevisitPage> {
    return this.revisits.worklist(query);
  }

  @Get('revisits/:id')
  @ApiOperation({ summary: 'One revisit / 单个回访' })
  get(@Param('id', UuidParamPipe) id: string): Promise<RevisitResponse> {
    return this.revisits.get(id);
  }

  @Post('revisits/:id/attempts')
  @ApiOperation({
    summary: 'Record a call of a revisit / 记录一次回访电话',
    description:
      'no_answer/busy reschedule with the policy backoff (default 2 h, next working day, +2 days) up to the attempt count, then unreachable (supervisor told); wrong_number ends it and flags the phone; reached needs satisfied. Not satisfied reopens the complaint and raises its escalation level; NPS 0-6 starts a recovery plan. Two attempts at once: one gets 409.',
  })
  @ApiHeader({ name: 'If-Match', required: false, description: 'Expected revisit version; a stale one gets 409' })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'A retry with the same key and body returns the first answer instead of recording the call twice' })
  record(
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: RecordAttemptDto,
    @CurrentActor() actor: Actor,
    @IfMatchVersion() version?: number,
    @IdempotencyKey() key?: string,
  ): Promise<RevisitResponse> {
    return this.attempts.record(id, dto, actor, version, key);
  }

  @Get('customers/:id/recovery-plans')
  @ApiOperation({ summary: "A customer's recovery plans, newest first / 客户的挽回计划" })
  plansOfCustomer(@Param('id', UuidParamPipe) id: string, @Query() query: ListRecoveryPlansQueryDto): Promise<RecoveryPlanPage> {
    return this.revisits.plansOfCustomer(id, query);
  }

  @Get('recovery-plans')
  @ApiOperation({ summary: 'Recovery plans, newest first; ?status=active / 挽回计划列表' })
  listPlans(@Query() query: ListRecoveryPlansQueryDto): Promise<RecoveryPlanPage> {
    return this.revisits.plans(query);
  }

  @Post('recovery-plans/:id/end')
  @HttpCode(200)
  @ApiOperation({ summary: 'A manager ends an active recovery plan with a reason / 经理结束挽回计划(须说明原因)' })
  endPlan(@Param('id', UuidParamPipe) id: string, @Body() dto: EndRecoveryPlanDto, @CurrentActor() actor: Actor): Promise<RecoveryPlanResponse> {
    return this.plans.end(id, dto, actor);
  }

  @Get('reports/satisfaction')
  @ApiOperation({ summary: 'Satisfaction after resolution: revisits, reach, CSAT, NPS, reopens, recovered detractors / 满意度报表' })
  satisfaction(@Query() query: SatisfactionQueryDto): Promise<SatisfactionReport> {
    return this.report.report(query);
  }
}
