import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { VersionedDto } from '../../complaints/dto/complaint-actions.dto';
import { PageQueryDto } from '../../common/pagination/cursor';
import { CUSTOMER_TIERS } from '../../domain/customer.enums';
import { PROBLEM_STATUSES, ProblemStatus, ROOT_CAUSE_CATEGORY_KEYS } from '../../domain/root-cause';
import { CategoryLabelResponse } from '../../knowledge/dto/knowledge.dto';
import { ActionResponse } from './analysis.dto';

const IsISO8601Strict = () => IsISO8601({ strict: true, strictSeparator: true }, { message: '$property must be an ISO-8601 date-time' });
const CATEGORY_MESSAGE = { message: 'category must be a key of GET /root-cause-categories' };

export class CreateProblemDto {
  @ApiProperty({ maxLength: 300, example: '城东片区晚间断网 / East district: broadband drops every evening' })
  @IsString() @Matches(/\S/, { message: 'title must not be empty' }) @MaxLength(300)
  title: string;

  @ApiProperty({ enum: ROOT_CAUSE_CATEGORY_KEYS, example: 'product' })
  @IsIn(ROOT_CAUSE_CATEGORY_KEYS as string[], CATEGORY_MESSAGE)
  category: string;

  @ApiPropertyOptional({ maxLength: 2000, example: 'OLT 端口容量不足 / OLT port capacity exhausted' })
  @IsOptional() @IsString() @MaxLength(2000)
  rootCause?: string;

  @ApiPropertyOptional({ maxLength: 4000 })
  @IsOptional() @IsString() @MaxLength(4000)
  description?: string;
}

export class UpdateProblemDto extends VersionedDto {
  @ApiPropertyOptional({ enum: PROBLEM_STATUSES })
  @IsOptional() @IsIn(PROBLEM_STATUSES)
  status?: ProblemStatus;

  @ApiPropertyOptional({ maxLength: 300 })
  @IsOptional() @IsString() @Matches(/\S/, { message: 'title must not be empty' }) @MaxLength(300)
  title?: string;

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional() @IsString() @MaxLength(2000)
  rootCause?: string;

  @ApiPropertyOptional({ maxLength: 4000 })
  @IsOptional() @IsString() @MaxLength(4000)
  description?: string;
}

export class LinkComplaintDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  complaintId: string;
}

export class ListProblemsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: PROBLEM_STATUSES })
  @IsOptional() @IsIn(PROBLEM_STATUSES)
  status?: ProblemStatus;

  @ApiPropertyOptional({ enum: ROOT_CAUSE_CATEGORY_KEYS })
  @IsOptional() @IsIn(ROOT_CAUSE_CATEGORY_KEYS as string[], CATEGORY_MESSAGE)
  category?: string;
}

export class ProblemResponse {
  id: string;
  @ApiProperty({ example: '城东片区晚间断网' }) title: string;
  @ApiProperty({ nullable: true, type: String }) description: string | null;
  @ApiProperty({ enum: ROOT_CAUSE_CATEGORY_KEYS }) category: string;
  categoryLabel: CategoryLabelResponse;
  @ApiProperty({ nullable: true, type: String }) rootCause: string | null;
  @ApiProperty({ enum: PROBLEM_STATUSES }) status: string;
  @ApiProperty({ nullable: true, type: String }) createdBy: string | null;
  /** Number of linked complaints. */
  complaintCount: number;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export class ProblemComplaintCustomer {
  id: string;
  @ApiProperty({ enum: CUSTOMER_TIERS }) tier: string;
}

export class ProblemComplaintResponse {
  id: string;
  @ApiProperty({ example: 'C-2026-000123' }) reference: string;
  status: string;
  severity: string;
  @ApiProperty({ example: '宽带每晚断网' }) summary: string;
  customer: ProblemComplaintCustomer;
  linkedAt: string;
}

export class ProblemDetailResponse extends ProblemResponse {
  @ApiProperty({ type: () => [ProblemComplaintResponse] }) complaints: ProblemComplaintResponse[];
  /** Linked complaints counted by their customer's tier (every tier present, zero when none). */
  @ApiProperty({ example: { diamond: 1, platinum: 0, gold: 1, silver: 1, standard: 0 } }) countByTier: Record<string, number>;
  @ApiProperty({ type: () => [ActionResponse] }) actions: ActionResponse[];
}

export class ProblemPage {
  items: ProblemResponse[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export class ProblemLinkResponse {
  problemId: string;
  complaintId: string;
  linkedAt: string;
  /** False when the complaint was already linked (nothing changed). */
  created: boolean;
}

export class SimilarProblemResponse {
  id: string;
  title: string;
  @ApiProperty({ enum: ROOT_CAUSE_CATEGORY_KEYS }) category: string;
  categoryLabel: CategoryLabelResponse;
  @ApiProperty({ nullable: true, type: String }) rootCause: string | null;
  complaintCount: number;
  /** Whether the problem's category is one this complaint's category (or its analysis) points to. */
  sameCategory: boolean;
  @ApiProperty({ example: 0.31 }) rank: number;
}

export class SimilarProblemList {
  items: SimilarProblemResponse[];
}

export class RootCauseReportQueryDto {
  @ApiPropertyOptional({ format: 'date-time', description: 'Default: 30 days before `to`' })
  @IsOptional() @IsISO8601Strict()
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Default: now' })
  @IsOptional() @IsISO8601Strict()
  to?: string;

  @ApiPropertyOptional({ enum: ['category', 'problem'], default: 'category' })
  @IsOptional() @IsIn(['category', 'problem'])
  groupBy?: 'category' | 'problem';
}

export class ParetoRowResponse {
  @ApiProperty({ example: 'product', description: 'The category key, or the problem id' }) group: string;
  @ApiPropertyOptional({ enum: ROOT_CAUSE_CATEGORY_KEYS }) category?: string;
  @ApiProperty({ example: { zh: '产品', en: 'Product' }, description: 'Category labels, or the problem title in both' }) label: CategoryLabelResponse;
  count: number;
  @ApiProperty({ example: 0.6 }) share: number;
  @ApiProperty({ example: 0.6 }) cumulativeShare: number;
  /** Among the groups that make up the first 80 %. */
  vital: boolean;
}

export class RootCauseReportResponse {
  @ApiProperty({ enum: ['category', 'problem'] }) groupBy: string;
  from: string;
  to: string;
  total: number;
  @ApiProperty({ type: () => [ParetoRowResponse] }) rows: ParetoRowResponse[];
}
