import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../common/pagination/cursor';
import { ROOT_CAUSE_CATEGORIES, ROOT_CAUSE_CATEGORY_KEYS } from '../../domain/root-cause';

export class SearchKnowledgeQueryDto extends PageQueryDto {
  /** Words to search, Chinese or English; results are ranked. Without `q`, the newest articles first. */
  @ApiPropertyOptional({ example: '断网', description: 'Chinese or English text, e.g. `断网` or `broadband`' })
  @IsOptional() @IsString() @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({ enum: ROOT_CAUSE_CATEGORY_KEYS })
  @IsOptional() @IsIn(ROOT_CAUSE_CATEGORY_KEYS as string[])
  category?: string;
}

export class CategoryLabelResponse {
  @ApiProperty({ example: '产品' }) zh: string;
  @ApiProperty({ example: 'Product' }) en: string;
}

export class KnowledgeArticleResponse {
  id: string;
  @ApiProperty({ example: 'Broadband drops every evening 宽带晚间断网' }) title: string;
  @ApiProperty({ example: '客户宽带每晚 20:00 后断线 / the line drops every evening after 8 pm' }) symptom: string;
  @ApiProperty({ example: 'OLT 端口容量不足,扩容计划延误 / OLT port capacity exhausted, expansion late' }) cause: string;
  @ApiProperty({ example: '扩容 OLT 端口 / expand the OLT ports' }) fix: string;
  @ApiProperty({ example: '片区端口扩容中,预计本周完成 / The area is being upgraded; it will be done this week' }) frontDeskExplanation: string;
  @ApiProperty({ enum: ROOT_CAUSE_CATEGORY_KEYS }) category: string;
  categoryLabel: CategoryLabelResponse;
  @ApiProperty({ nullable: true, type: String, example: 'network' }) complaintCategory: string | null;
  @ApiProperty({ nullable: true, type: String }) analysisId: string | null;
  @ApiProperty({ nullable: true, type: String }) complaintId: string | null;
  @ApiProperty({ nullable: true, type: String }) publishedBy: string | null;
  publishedAt: string;
  updatedAt: string;
  /** Revision: publishing the same analysis again raises it. */
  version: number;
  /** Relevance to the query (ts_rank), present on searches and suggestions. */
  @ApiPropertyOptional({ example: 0.6079 }) rank?: number;
}

export class KnowledgePage {
  items: KnowledgeArticleResponse[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

/** A knowledge article suggested for a complaint: what the front desk should say. */
export class KnowledgeSuggestionResponse {
  id: string;
  @ApiProperty({ example: 'Broadband drops every evening 宽带晚间断网' }) title: string;
  @ApiProperty({ example: '片区端口扩容中,预计本周完成' }) frontDeskExplanation: string;
  @ApiProperty({ enum: ROOT_CAUSE_CATEGORY_KEYS }) category: string;
  @ApiProperty({ example: 0.42 }) rank: number;
}

export class KnowledgeSuggestionList {
  items: KnowledgeSuggestionResponse[];
}

export const categoryLabel = (key: string): CategoryLabelResponse => {
  const c = ROOT_CAUSE_CATEGORIES.find((x) => x.key === key);
  return c ? { ...c.labels } : { zh: key, en: key };
};
