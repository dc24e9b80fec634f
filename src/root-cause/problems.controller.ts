import { Body, Controller, Get, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Actor, CurrentActor } from '../common/actor/actor';
import { IdempotencyKey, IfMatchVersion } from '../common/http/if-match';
import { UuidParamPipe } from '../common/http/parse-uuid.pipe';
import { CreateActionDto } from './dto/action.dto';
import { ActionResponse } from './dto/analysis.dto';
import { CreateProblemDto, LinkComplaintDto, ListProblemsQueryDto, ProblemDetailResponse, ProblemLinkResponse, ProblemPage, ProblemResponse, UpdateProblemDto } from './dto/problem.dto';
import { ProblemsService } from './problems.service';
import { RootCauseActionsService } from './root-cause-actions.service';

const IDEMPOTENCY = { name: 'Idempotency-Key', required: false, description: 'Retries with the same key and body return the first response' };

/** Problem records shared by many complaints. */
@ApiTags('root cause')
@Controller('api/v1/problems')
export class ProblemsController {
  constructor(
    private readonly problems: ProblemsService,
    private readonly actions: RootCauseActionsService,
  ) {}

  @Post()
  @ApiHeader(IDEMPOTENCY)
  @ApiOperation({ summary: 'Open a problem record / 新建问题记录', description: 'e.g. `{"title":"城东片区晚间断网 / East district drops every evening","category":"product","rootCause":"OLT 端口容量不足"}`' })
  create(@Body() dto: CreateProblemDto, @CurrentActor() actor: Actor, @IdempotencyKey() key?: string): Promise<ProblemResponse> {
    return this.problems.create(dto, actor, key);
  }

  @Get()
  @ApiOperation({ summary: 'Problem records / 问题记录列表', description: '`?status=open&category=product`, newest first.' })
  list(@Query() query: ListProblemsQueryDto): Promise<ProblemPage> {
    return this.problems.list(query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A problem with its complaints / 问题记录及关联投诉', description: 'Linked complaints with their customers\' tiers, the count by tier, and the problem\'s actions.' })
  get(@Param('id', UuidParamPipe) id: string): Promise<ProblemDetailResponse> {
    return this.problems.get(id);
  }

  @Patch(':id')
  @ApiHeader({ name: 'If-Match', required: false, description: 'Expected problem version; a stale one gets 409' })
  @ApiOperation({ summary: 'Update a problem (status open | resolved | closed) / 更新问题记录' })
  update(@Param('id', UuidParamPipe) id: string, @Body() dto: UpdateProblemDto, @IfMatchVersion() version?: number): Promise<ProblemResponse> {
    return this.problems.update(id, dto, version);
  }

  @Post(':id/complaints')
  @ApiCreatedResponse({ type: ProblemLinkResponse, description: 'Linked' })
  @ApiOkResponse({ type: ProblemLinkResponse, description: 'Already linked; nothing changed' })
  @ApiOperation({ summary: 'Link a complaint to the problem / 关联投诉', description: '201 when linked, 200 when it already was. The complaint\'s timeline records `problem_linked`.' })
  async link(@Param('id', UuidParamPipe) id: string, @Body() dto: LinkComplaintDto, @CurrentActor() actor: Actor, @Res({ passthrough: true }) res: Response): Promise<ProblemLinkResponse> {
    const { created, link } = await this.problems.link(id, dto, actor);
    res.status(created ? 201 : 200);
    return link;
  }

  @Post(':id/actions')
  @ApiHeader(IDEMPOTENCY)
  @ApiOperation({ summary: 'Add a corrective or preventive action to the problem / 为问题添加整改措施' })
  addAction(@Param('id', UuidParamPipe) id: string, @Body() dto: CreateActionDto, @CurrentActor() actor: Actor, @IdempotencyKey() key?: string): Promise<ActionResponse> {
    return this.actions.createForProblem(id, dto, actor, key);
  }
}
