import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Actor, CurrentActor } from '../common/actor/actor';
import { IdempotencyKey, IfMatchVersion } from '../common/http/if-match';
import { UuidParamPipe } from '../common/http/parse-uuid.pipe';
import { CompensationProposalsService } from './compensation-proposals.service';
import { CompensationService, StaffMove } from './compensation.service';
import { CompensationActionDto, CompensationSuggestionsResponse, ComplaintCompensationsQueryDto, CreateCompensationDto, FulfilCompensationDto, ListCompensationsQueryDto } from './dto/compensation.dto';
import { CompensationPageResponse, CompensationResponse } from './dto/compensation.response';

const IF_MATCH = { name: 'If-Match', required: false, description: 'Expected proposal version; a stale one gets 409 (two approvers racing: one wins)' };

/** Proposals on a complaint, and suggestions for one. */
@ApiTags('compensation')
@Controller('api/v1/complaints')
export class ComplaintCompensationsController {
  constructor(
    private readonly compensation: CompensationService,
    private readonly proposals: CompensationProposalsService,
  ) {}

  @Post(':id/compensations')
  @ApiOperation({
    summary: '提出补偿方案 / Propose a remedy',
    description:
      'Money in integer minor units with the limits\' currency, points, or a service/gift with its stated value. Within the proposer\'s own limit it is approved at once (requiredApproverRole null); above it waits for the lowest role whose limits cover it; over the team\'s monthly budget, one level higher.',
  })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Retries with the same key and body return the first response' })
  @ApiCreatedResponse({ type: CompensationResponse })
  async propose(
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: CreateCompensationDto,
    @CurrentActor() actor: Actor,
    @IdempotencyKey() key: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CompensationResponse> {
    const result = await this.compensation.propose(id, dto, actor, key);
    res.status(result.status);
    if (result.replayed) res.setHeader('Idempotent-Replayed', 'true');
    res.setHeader('ETag', `"${result.body.version}"`);
    return result.body;
  }

  @Get(':id/compensations')
  @ApiOperation({ summary: '投诉的补偿方案 / Proposals of a complaint', description: 'Newest first.' })
  @ApiOkResponse({ type: CompensationPageResponse })
  list(@Param('id', UuidParamPipe) id: string, @Query() query: ComplaintCompensationsQueryDto) {
    return this.proposals.listForComplaint(id, query.limit, query.cursor);
  }

  @Get(':id/compensation-suggestions')
  @ApiOperation({
    summary: '补偿建议 / Suggested remedies',
    description: 'From the customer\'s tier and value segment, the triage (emotional-dominant: gestures first; a rational need for compensation: money), the severity and how customers of the tier received each type. Each says why.',
  })
  @ApiOkResponse({ type: CompensationSuggestionsResponse })
  suggestions(@Param('id', UuidParamPipe) id: string, @CurrentActor() actor: Actor) {
    return this.compensation.suggestions(id, actor);
  }
}

/** One proposal and its moves; the supervisors' list. */
@ApiTags('compensation')
@Controller('api/v1/compensations')
export class CompensationsController {
  constructor(
    private readonly compensation: CompensationService,
    private readonly proposals: CompensationProposalsService,
  ) {}

  @Get()
  @ApiOperation({ summary: '补偿方案列表 / Proposals across complaints', description: '`?status=fulfilment_failed` is the supervisors\' list of remedies that could not be delivered.' })
  @ApiOkResponse({ type: CompensationPageResponse })
  list(@Query() query: ListCompensationsQueryDto) {
    return this.proposals.list({ status: query.status, teamId: query.teamId }, query.limit, query.cursor);
  }

  @Get(':id')
  @ApiOperation({ summary: '补偿方案 / A proposal' })
  @ApiOkResponse({ type: CompensationResponse })
  async get(@Param('id', UuidParamPipe) id: string, @Res({ passthrough: true }) res: Response): Promise<CompensationResponse> {
    const p = CompensationResponse.from(await this.proposals.get(id));
    res.setHeader('ETag', `"${p.version}"`);
    return p;
  }

  @Post(':id/approve')
  @HttpCode(200)
  @ApiOperation({ summary: '批准 / Approve', description: 'Not one\'s own proposal (403 four_eyes); the approver\'s role must reach requiredApproverRole and their limits cover it (403 approval_limit_exceeded).' })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: CompensationResponse })
  approve(@Param('id', UuidParamPipe) id: string, @Body() dto: CompensationActionDto, @CurrentActor() actor: Actor, @IfMatchVersion() version?: number) {
    return this.run(id, 'approve', dto, actor, version);
  }

  @Post(':id/reject')
  @HttpCode(200)
  @ApiOperation({ summary: '驳回 / Reject', description: 'Four eyes and the required role, as for approval.' })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: CompensationResponse })
  reject(@Param('id', UuidParamPipe) id: string, @Body() dto: CompensationActionDto, @CurrentActor() actor: Actor, @IfMatchVersion() version?: number) {
    return this.run(id, 'reject', dto, actor, version);
  }

  @Post(':id/offer')
  @HttpCode(200)
  @ApiOperation({ summary: '向客户提出 / Offer to the customer' })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: CompensationResponse })
  offer(@Param('id', UuidParamPipe) id: string, @Body() dto: CompensationActionDto, @CurrentActor() actor: Actor, @IfMatchVersion() version?: number) {
    return this.run(id, 'offer', dto, actor, version);
  }

  @Post(':id/accept')
  @HttpCode(200)
  @ApiOperation({ summary: '客户接受 / The customer accepts', description: 'Starts the fulfilment (a job with retries; never lost).' })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: CompensationResponse })
  accept(@Param('id', UuidParamPipe) id: string, @Body() dto: CompensationActionDto, @CurrentActor() actor: Actor, @IfMatchVersion() version?: number) {
    return this.run(id, 'accept', dto, actor, version);
  }

  @Post(':id/decline')
  @HttpCode(200)
  @ApiOperation({ summary: '客户拒绝 / The customer declines' })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: CompensationResponse })
  decline(@Param('id', UuidParamPipe) id: string, @Body() dto: CompensationActionDto, @CurrentActor() actor: Actor, @IfMatchVersion() version?: number) {
    return this.run(id, 'decline', dto, actor, version);
  }

  @Post(':id/fulfil')
  @HttpCode(200)
  @ApiOperation({ summary: '登记人工兑现 / Record a manual fulfilment', description: 'From accepted or fulfilment_failed; stops further automatic attempts.' })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: CompensationResponse })
  fulfil(@Param('id', UuidParamPipe) id: string, @Body() dto: FulfilCompensationDto, @CurrentActor() actor: Actor, @IfMatchVersion() version?: number) {
    return this.run(id, 'fulfil', dto, actor, version);
  }

  @Post(':id/retry-fulfilment')
  @HttpCode(200)
  @ApiOperation({ summary: '重新兑现 / Retry a failed fulfilment', description: 'fulfilment_failed → accepted with a fresh round of attempts.' })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: CompensationResponse })
  retry(@Param('id', UuidParamPipe) id: string, @Body() dto: CompensationActionDto, @CurrentActor() actor: Actor, @IfMatchVersion() version?: number) {
    return this.run(id, 'retry', dto, actor, version);
  }

  private run(id: string, action: StaffMove, dto: CompensationActionDto, actor: Actor, version?: number): Promise<CompensationResponse> {
    return this.compensation.move(id, action, dto, actor, version);
  }
}
