import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiTags, ApiCreatedResponse } from '@nestjs/swagger';
import type { Response } from 'express';
import { Actor, CurrentActor } from '../common/actor/actor';
import { IdempotencyKey, IfMatchVersion } from '../common/http/if-match';
import { UuidParamPipe } from '../common/http/parse-uuid.pipe';
import { DEFAULT_PAGE_SIZE, PageQueryDto } from '../common/pagination/cursor';
import { ComplaintsService } from '../complaints/complaints.service';
import { ROOT_CAUSE_CATEGORIES, ROOT_CAUSE_TAXONOMY_VERSION } from '../domain/root-cause';
import { KnowledgeArticleResponse, KnowledgeSuggestionList } from '../knowledge/dto/knowledge.dto';
import { KnowledgeService } from '../knowledge/knowledge.service';
import { CreateActionDto } from './dto/action.dto';
import {
  ActionResponse,
  AddSolutionDto,
  AnalysisResponse,
  AnalysisVersionPage,
  ChooseSolutionDto,
  PublishArticleDto,
  PutAnalysisDto,
  ReopenAnalysisDto,
  RootCauseCategoryList,
  SignOffDto,
  SolutionResponse,
} from './dto/analysis.dto';
import { SimilarProblemList } from './dto/problem.dto';
import { ProblemsService } from './problems.service';
import { RootCauseActionsService } from './root-cause-actions.service';
import { RootCauseAnalysesService } from './root-cause-analyses.service';

const IF_MATCH = { name: 'If-Match', required: false, description: 'Expected analysis version; a stale one gets 409' };
const IDEMPOTENCY = { name: 'Idempotency-Key', required: false, description: 'Retries with the same key and body return the first response' };

/** The 5-Whys analysis of a complaint: write, sign off, weigh solutions, act, publish. */
@ApiTags('root cause')
@Controller('api/v1')
export class RootCauseController {
  constructor(
    private readonly analyses: RootCauseAnalysesService,
    private readonly actions: RootCauseActionsService,
    private readonly problems: ProblemsService,
    private readonly knowledge: KnowledgeService,
    private readonly complaints: ComplaintsService,
  ) {}

  @Get('root-cause-categories')
  @ApiOperation({
    summary: 'Root-cause taxonomy / 根因分类',
    description: 'The six churn categories (product, price, service, benefit, management, natural) and the process causes of repeat complaints, with zh and en labels. Kept as data.',
  })
  categories(): RootCauseCategoryList {
    return { version: ROOT_CAUSE_TAXONOMY_VERSION, items: ROOT_CAUSE_CATEGORIES.map((c) => ({ key: c.key, group: c.group, labels: { ...c.labels }, description: c.description })) };
  }

  @Get('complaints/:id/root-cause')
  @ApiOperation({ summary: 'The analysis of a complaint / 投诉的根因分析', description: 'With its candidate solutions (best first) and its corrective and preventive actions.' })
  get(@Param('id', UuidParamPipe) id: string): Promise<AnalysisResponse> {
    return this.analyses.get(id);
  }

  @Put('complaints/:id/root-cause')
  @ApiHeader(IF_MATCH)
  @ApiCreatedResponse({ type: AnalysisResponse, description: 'The analysis was created (version 1, draft)' })
  @ApiOkResponse({ type: AnalysisResponse, description: 'A new version of the draft (or nothing changed)' })
  @ApiOperation({
    summary: 'Write the 5-Whys analysis / 填写五个为什么分析',
    description:
      'The gap (problemStatement, expected vs actual), 1 to 7 whys in order, each with its evidence (order, bill, service_log, call_record, interview, document, note), ' +
      'the concluded rootCause and its category. 201 when created, 200 for a new version of a draft; a submitted or confirmed analysis must be reopened first (409). ' +
      'Every version is kept (GET …/root-cause/versions). Example: `{"problemStatement":"客户宽带晚间频繁断网","expected":"全天在线","actual":"每晚 20:00 后断线",' +
      '"whys":[{"question":"为什么断网?","answer":"晚高峰端口拥塞","evidence":[{"kind":"service_log","ref":"OLT-17","description":"端口告警日志"}]}],' +
      '"rootCause":"OLT 端口容量不足,扩容计划延误","category":"product"}`',
  })
  async put(
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: PutAnalysisDto,
    @CurrentActor() actor: Actor,
    @IfMatchVersion() version: number | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<AnalysisResponse> {
    const { created, analysis } = await this.analyses.put(id, dto, actor, version);
    res.status(created ? 201 : 200).setHeader('ETag', `"${analysis.version}"`);
    return analysis;
  }

  @Get('complaints/:id/root-cause/versions')
  @ApiOperation({ summary: 'Every version of the analysis / 分析的全部版本', description: 'Oldest first: who changed which why (added, removed, changed) and which fields, and when.' })
  versions(@Param('id', UuidParamPipe) id: string, @Query() query: PageQueryDto): Promise<AnalysisVersionPage> {
    return this.analyses.versions(id, query.limit ?? DEFAULT_PAGE_SIZE, query.cursor);
  }

  @Post('complaints/:id/root-cause/submit')
  @HttpCode(200)
  @ApiHeader(IF_MATCH)
  @ApiOperation({ summary: 'Submit the analysis for sign-off / 提交审核', description: 'By an author of the chain; draft → submitted.' })
  submit(@Param('id', UuidParamPipe) id: string, @Body() dto: SignOffDto, @CurrentActor() actor: Actor, @IfMatchVersion() version?: number): Promise<AnalysisResponse> {
    return this.analyses.submit(id, dto, actor, version);
  }

  @Post('complaints/:id/root-cause/confirm')
  @HttpCode(200)
  @ApiHeader(IF_MATCH)
  @ApiOperation({
    summary: 'Confirm the analysis / 确认根因',
    description: 'A supervisor, manager or admin who wrote none of it; an author gets 403 `four_eyes`. submitted → confirmed. Serious and major complaints close only with a confirmed analysis.',
  })
  confirm(@Param('id', UuidParamPipe) id: string, @Body() dto: SignOffDto, @CurrentActor() actor: Actor, @IfMatchVersion() version?: number): Promise<AnalysisResponse> {
    return this.analyses.confirm(id, dto, actor, version);
  }

  @Post('complaints/:id/root-cause/reopen')
  @HttpCode(200)
  @ApiHeader(IF_MATCH)
  @ApiOperation({ summary: 'Reopen the analysis to draft / 退回重新分析', description: 'From submitted or confirmed, with a reason, e.g. `{"reason":"第三个为什么缺少证据 / the third why lacks evidence"}`.' })
  reopen(@Param('id', UuidParamPipe) id: string, @Body() dto: ReopenAnalysisDto, @CurrentActor() actor: Actor, @IfMatchVersion() version?: number): Promise<AnalysisResponse> {
    return this.analyses.reopen(id, dto, actor, version);
  }

  @Post('complaints/:id/root-cause/solutions')
  @ApiHeader(IDEMPOTENCY)
  @ApiOperation({
    summary: 'Propose a candidate solution / 提出备选方案',
    description: 'Rated 1..5 on risk (5 = riskiest), timing (5 = soonest), resources (5 = fully available) and effort (5 = costliest); the score (0..100) weighs the four.',
  })
  addSolution(@Param('id', UuidParamPipe) id: string, @Body() dto: AddSolutionDto, @CurrentActor() actor: Actor, @IdempotencyKey() key?: string): Promise<SolutionResponse> {
    return this.analyses.addSolution(id, dto, actor, key);
  }

  @Post('complaints/:id/root-cause/solutions/:solutionId/choose')
  @HttpCode(200)
  @ApiHeader(IF_MATCH)
  @ApiOperation({ summary: 'Choose a solution, saying why / 选定方案并说明理由' })
  choose(
    @Param('id', UuidParamPipe) id: string,
    @Param('solutionId', UuidParamPipe) solutionId: string,
    @Body() dto: ChooseSolutionDto,
    @CurrentActor() actor: Actor,
    @IfMatchVersion() version?: number,
  ): Promise<AnalysisResponse> {
    return this.analyses.chooseSolution(id, solutionId, dto, actor, version);
  }

  @Post('complaints/:id/root-cause/actions')
  @ApiHeader(IDEMPOTENCY)
  @ApiOperation({
    summary: 'Add a corrective or preventive action / 添加纠正或预防措施',
    description: 'Owner: an active user; dueAt: an ISO-8601 time. The owner is notified when it falls due. Example: `{"kind":"corrective","description":"扩容 OLT 端口","ownerId":"…","dueAt":"2026-12-15T10:00:00Z"}`',
  })
  addAction(@Param('id', UuidParamPipe) id: string, @Body() dto: CreateActionDto, @CurrentActor() actor: Actor, @IdempotencyKey() key?: string): Promise<ActionResponse> {
    return this.actions.createForAnalysis(id, dto, actor, key);
  }

  @Post('complaints/:id/root-cause/publish')
  @ApiHeader(IDEMPOTENCY)
  @ApiOperation({
    summary: 'Publish the confirmed analysis as a knowledge article / 发布到知识库',
    description:
      'title and frontDeskExplanation (what the front desk tells customers); symptom, cause and fix default to the analysis (fix: the chosen solution, else its actions). ' +
      'Publishing again revises the same article. Example: `{"title":"Broadband drops every evening 宽带晚间断网","frontDeskExplanation":"片区端口扩容中,预计本周完成"}`',
  })
  publish(@Param('id', UuidParamPipe) id: string, @Body() dto: PublishArticleDto, @CurrentActor() actor: Actor, @IdempotencyKey() key?: string): Promise<KnowledgeArticleResponse> {
    return this.analyses.publish(id, dto, actor, key);
  }

  @Get('complaints/:id/similar-problems')
  @ApiOperation({
    summary: 'Open problems similar to this complaint / 相似的问题记录',
    description: 'Open problems whose text matches the complaint (Chinese bigrams, English words), those of a category the complaint points to first. Link one with POST /problems/:id/complaints.',
  })
  async similarProblems(@Param('id', UuidParamPipe) id: string): Promise<SimilarProblemList> {
    const [complaint, category] = await Promise.all([this.complaints.get(id), this.analyses.categoryOf(id)]);
    return { items: await this.problems.similarFor(complaint, category) };
  }

  @Get('complaints/:id/knowledge')
  @ApiOperation({
    summary: 'Knowledge articles for this complaint / 本投诉的知识推荐',
    description: 'The articles that best match the complaint, with the explanation the front desk should give. Read it right after intake (the intake response does not carry them).',
  })
  async knowledgeFor(@Param('id', UuidParamPipe) id: string): Promise<KnowledgeSuggestionList> {
    const complaint = await this.complaints.get(id);
    return { items: await this.knowledge.suggest(null, complaint, 5) };
  }
}
