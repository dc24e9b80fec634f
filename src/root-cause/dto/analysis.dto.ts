import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsObject, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { VersionedDto } from '../../complaints/dto/complaint-actions.dto';
import { ANALYSIS_STATUSES, EVIDENCE_KINDS, EvidenceKind, MAX_WHYS, MIN_WHYS, ROOT_CAUSE_CATEGORY_KEYS } from '../../domain/root-cause';
import { MAX_EVIDENCE_PER_WHY } from '../rules/why-chain';
import { CategoryLabelResponse } from '../../knowledge/dto/knowledge.dto';

const NOT_BLANK = /\S/;

export class EvidenceDto {
  @ApiProperty({ enum: EVIDENCE_KINDS, example: 'service_log', description: 'What the answer was checked against: order, bill, service log, call record, an interview, a document or a note' })
  @IsIn(EVIDENCE_KINDS)
  kind: EvidenceKind;

  @ApiPropertyOptional({ maxLength: 200, example: 'OLT-17', description: 'Reference in the source system (order no., bill no., log id, call id)' })
  @IsOptional() @IsString() @MaxLength(200)
  ref?: string;

  @ApiProperty({ maxLength: 2000, example: '端口告警日志显示每晚 20:05 起拥塞 / port alarms from 20:05 every evening' })
  @IsString() @Matches(NOT_BLANK, { message: 'description must not be empty' }) @MaxLength(2000)
  description: string;
}

export class WhyDto {
  @ApiProperty({ maxLength: 1000, example: '为什么断网? / Why does the line drop?' })
  @IsString() @Matches(NOT_BLANK, { message: 'question must not be empty' }) @MaxLength(1000)
  question: string;

  @ApiProperty({ maxLength: 2000, example: '晚高峰端口拥塞 / the port is congested at the evening peak' })
  @IsString() @Matches(NOT_BLANK, { message: 'answer must not be empty' }) @MaxLength(2000)
  answer: string;

  @ApiPropertyOptional({ type: () => [EvidenceDto], maxItems: MAX_EVIDENCE_PER_WHY })
  @IsOptional() @IsArray() @ArrayMaxSize(MAX_EVIDENCE_PER_WHY) @ValidateNested({ each: true }) @IsObject({ each: true }) @Type(() => EvidenceDto)
  evidence?: EvidenceDto[];
}

/** The analysis as staff write it: the gap between expected and actual, 1 to 7 whys, the cause and its category. */
export class PutAnalysisDto extends VersionedDto {
  @ApiProperty({ maxLength: 2000, example: '客户宽带晚间频繁断网 / The customer\'s broadband drops every evening' })
  @IsString() @Matches(NOT_BLANK, { message: 'problemStatement must not be empty' }) @MaxLength(2000)
  problemStatement: string;

  @ApiPropertyOptional({ maxLength: 2000, example: '全天在线 / online all day' })
  @IsOptional() @IsString() @MaxLength(2000)
  expected?: string;

  @ApiPropertyOptional({ maxLength: 2000, example: '每晚 20:00 后断线 / drops after 8 pm every evening' })
  @IsOptional() @IsString() @MaxLength(2000)
  actual?: string;

  @ApiProperty({ type: () => [WhyDto], minItems: MIN_WHYS, maxItems: MAX_WHYS, description: 'The chain, in order: each answer is the next question\'s cause' })
  @IsArray() @ArrayMinSize(MIN_WHYS, { message: `whys must hold ${MIN_WHYS} to ${MAX_WHYS} whys` }) @ArrayMaxSize(MAX_WHYS, { message: `whys must hold ${MIN_WHYS} to ${MAX_WHYS} whys` })
  @ValidateNested({ each: true }) @IsObject({ each: true }) @Type(() => WhyDto)
  whys: WhyDto[];

  @ApiProperty({ maxLength: 2000, example: 'OLT 端口容量不足,扩容计划延误 / OLT port capacity exhausted, the expansion plan slipped' })
  @IsString() @Matches(NOT_BLANK, { message: 'rootCause must not be empty' }) @MaxLength(2000)
  rootCause: string;

  @ApiProperty({ enum: ROOT_CAUSE_CATEGORY_KEYS, example: 'product', description: 'A key of GET /root-cause-categories' })
  @IsIn(ROOT_CAUSE_CATEGORY_KEYS as string[], { message: 'category must be a key of GET /root-cause-categories' })
  category: string;
}

export class SignOffDto extends VersionedDto {
  @ApiPropertyOptional({ maxLength: 2000, example: '证据充分 / well evidenced' })
  @IsOptional() @IsString() @MaxLength(2000)
  note?: string;
}

export class ReopenAnalysisDto extends VersionedDto {
  @ApiProperty({ maxLength: 2000, example: '复核发现第三个为什么缺少证据 / the third why lacks evidence' })
  @IsString() @Matches(NOT_BLANK, { message: 'reason must not be empty' }) @MaxLength(2000)
  reason: string;
}

export class AddSolutionDto {
  @ApiProperty({ maxLength: 2000, example: '临时调整晚高峰带宽策略 / reshape bandwidth at the evening peak' })
  @IsString() @Matches(NOT_BLANK, { message: 'description must not be empty' }) @MaxLength(2000)
  description: string;

  @ApiProperty({ minimum: 1, maximum: 5, example: 2, description: 'How risky it is (5 = most risky)' })
  @IsInt() @Min(1) @Max(5)
  risk: number;

  @ApiProperty({ minimum: 1, maximum: 5, example: 5, description: 'How soon it takes effect (5 = soonest)' })
  @IsInt() @Min(1) @Max(5)
  timing: number;

  @ApiProperty({ minimum: 1, maximum: 5, example: 4, description: 'How available the resources it needs are (5 = fully available)' })
  @IsInt() @Min(1) @Max(5)
  resources: number;

  @ApiProperty({ minimum: 1, maximum: 5, example: 2, description: 'Cost of effort (5 = most costly)' })
  @IsInt() @Min(1) @Max(5)
  effort: number;
}

export class ChooseSolutionDto extends VersionedDto {
  @ApiProperty({ maxLength: 2000, example: '见效最快、风险低,扩容前先用 / quickest and low-risk, bridges until the expansion' })
  @IsString() @Matches(NOT_BLANK, { message: 'reason must not be empty' }) @MaxLength(2000)
  reason: string;
}

export class PublishArticleDto {
  @ApiProperty({ maxLength: 300, example: 'Broadband drops every evening 宽带晚间断网' })
  @IsString() @Matches(NOT_BLANK, { message: 'title must not be empty' }) @MaxLength(300)
  title: string;

  @ApiProperty({ maxLength: 4000, example: '片区端口扩容中,预计本周完成 / The area is being upgraded; it will be done this week' })
  @IsString() @Matches(NOT_BLANK, { message: 'frontDeskExplanation must not be empty' }) @MaxLength(4000)
  frontDeskExplanation: string;

  @ApiPropertyOptional({ maxLength: 4000, description: 'Defaults to the problem statement and the actual performance' })
  @IsOptional() @IsString() @MaxLength(4000)
  symptom?: string;

  @ApiPropertyOptional({ maxLength: 4000, description: 'Defaults to the concluded root cause' })
  @IsOptional() @IsString() @MaxLength(4000)
  cause?: string;

  @ApiPropertyOptional({ maxLength: 4000, description: 'Defaults to the chosen solution, else the analysis\'s actions' })
  @IsOptional() @IsString() @MaxLength(4000)
  fix?: string;
}

// ---- responses

export class EvidenceResponse {
  @ApiProperty({ enum: EVIDENCE_KINDS }) kind: string;
  @ApiProperty({ nullable: true, type: String, example: 'OLT-17' }) ref: string | null;
  @ApiProperty({ example: '端口告警日志' }) description: string;
}

export class WhyResponse {
  @ApiProperty({ example: '为什么断网?' }) question: string;
  @ApiProperty({ example: '晚高峰端口拥塞' }) answer: string;
  @ApiProperty({ type: () => [EvidenceResponse] }) evidence: EvidenceResponse[];
}

export class SolutionResponse {
  id: string;
  analysisId: string;
  @ApiProperty({ example: '临时调整晚高峰带宽策略' }) description: string;
  @ApiProperty({ minimum: 1, maximum: 5 }) risk: number;
  @ApiProperty({ minimum: 1, maximum: 5 }) timing: number;
  @ApiProperty({ minimum: 1, maximum: 5 }) resources: number;
  @ApiProperty({ minimum: 1, maximum: 5 }) effort: number;
  @ApiProperty({ minimum: 0, maximum: 100, example: 75, description: 'Mean favourability of the four criteria (risk and effort inverted), 0..100' }) score: number;
  @ApiPropertyOptional({ description: '1 = best, on GET' }) rank?: number;
  chosen: boolean;
  @ApiProperty({ nullable: true, type: String }) proposedBy: string | null;
  createdAt: string;
}

export class ActionResponse {
  id: string;
  @ApiProperty({ nullable: true, type: String }) analysisId: string | null;
  @ApiProperty({ nullable: true, type: String }) problemId: string | null;
  @ApiProperty({ nullable: true, type: String }) complaintId: string | null;
  @ApiProperty({ enum: ['corrective', 'preventive'] }) kind: string;
  @ApiProperty({ example: '扩容 OLT 端口 / expand the OLT ports' }) description: string;
  ownerId: string;
  dueAt: string;
  @ApiProperty({ enum: ['open', 'in_progress', 'done', 'verified'] }) status: string;
  /** Not done and past its due time. */
  overdue: boolean;
  @ApiProperty({ nullable: true, type: String }) doneAt: string | null;
  @ApiProperty({ nullable: true, type: String }) verifiedBy: string | null;
  @ApiProperty({ nullable: true, type: String }) verifiedAt: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'When the owner was told it fell due' }) notifiedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) createdBy: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export class AnalysisResponse {
  id: string;
  complaintId: string;
  @ApiProperty({ enum: ANALYSIS_STATUSES }) status: string;
  @ApiProperty({ example: '客户宽带晚间频繁断网' }) problemStatement: string;
  @ApiProperty({ nullable: true, type: String, example: '全天在线' }) expected: string | null;
  @ApiProperty({ nullable: true, type: String, example: '每晚 20:00 后断线' }) actual: string | null;
  @ApiProperty({ type: () => [WhyResponse] }) whys: WhyResponse[];
  @ApiProperty({ example: 'OLT 端口容量不足,扩容计划延误' }) rootCause: string;
  @ApiProperty({ enum: ROOT_CAUSE_CATEGORY_KEYS }) category: string;
  categoryLabel: CategoryLabelResponse;
  @ApiProperty({ nullable: true, type: String }) authorId: string | null;
  /** Everyone who wrote the chain; none of them may confirm it. */
  authors: string[];
  @ApiProperty({ nullable: true, type: String }) submittedBy: string | null;
  @ApiProperty({ nullable: true, type: String }) submittedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) confirmedBy: string | null;
  @ApiProperty({ nullable: true, type: String }) confirmedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) reopenReason: string | null;
  @ApiProperty({ nullable: true, type: String }) chosenSolutionId: string | null;
  @ApiProperty({ nullable: true, type: String }) choiceReason: string | null;
  /** The analysis's own version (optimistic lock: send it as `version` or If-Match). */
  version: number;
  createdAt: string;
  updatedAt: string;
  @ApiPropertyOptional({ type: () => [SolutionResponse], description: 'On GET: candidate solutions, best first' }) solutions?: SolutionResponse[];
  @ApiPropertyOptional({ type: () => [ActionResponse], description: 'On GET: corrective and preventive actions' }) actions?: ActionResponse[];
}

export class WhyChangeResponse {
  index: number;
  @ApiProperty({ enum: ['added', 'removed', 'changed'] }) change: string;
}

export class AnalysisVersionResponse {
  version: number;
  @ApiProperty({ enum: ['drafted', 'edited', 'submitted', 'confirmed', 'reopened', 'solution_chosen'] }) step: string;
  @ApiProperty({ enum: ANALYSIS_STATUSES }) status: string;
  /** The analysis as it was at this version. */
  content: Record<string, unknown>;
  @ApiProperty({ type: () => [WhyChangeResponse] }) whyChanges: WhyChangeResponse[];
  changedFields: string[];
  @ApiProperty({ nullable: true, type: String }) reason: string | null;
  actor: { type: string; id: string | null; name: string | null };
  at: string;
}

export class AnalysisVersionPage {
  items: AnalysisVersionResponse[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export class RootCauseCategoryResponse {
  @ApiProperty({ example: 'front_desk_inconsistent_explanation' }) key: string;
  @ApiProperty({ enum: ['churn', 'repeat_process'] }) group: string;
  labels: CategoryLabelResponse;
  @ApiProperty({ example: 'Different staff told the customer different things.' }) description: string;
}

export class RootCauseCategoryList {
  version: number;
  items: RootCauseCategoryResponse[];
}
