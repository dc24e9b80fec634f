import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { SLA_GROUPS, SlaGroup } from '../reports.queries';

export const REPORT_FORMATS = ['json', 'csv'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** The period and format every report takes. */
export class ReportQueryDto {
  @ApiPropertyOptional({ format: 'date-time', example: '2026-11-01T00:00:00+08:00', description: 'Start of the period (inclusive) by receivedAt; default 30 days before `to`. 起始时间(含)。' })
  @IsOptional() @IsISO8601({ strict: true }, { message: 'from must be an ISO-8601 date or date-time' })
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', example: '2026-12-01T00:00:00+08:00', description: 'End of the period (exclusive); default now; at most 366 days after `from`. 结束时间(不含)。' })
  @IsOptional() @IsISO8601({ strict: true }, { message: 'to must be an ISO-8601 date or date-time' })
  to?: string;

  @ApiPropertyOptional({ example: 'Asia/Shanghai', description: 'IANA time zone of day/week/month groups; default the service\'s TIMEZONE, else UTC.' })
  @IsOptional() @IsString() @MaxLength(64)
  tz?: string;

  @ApiPropertyOptional({ enum: REPORT_FORMATS, default: 'json', description: '`csv`: text/csv, UTF-8 with a BOM, header row, RFC 4180 quoting.' })
  @IsOptional() @IsIn(REPORT_FORMATS, { message: `format must be one of ${REPORT_FORMATS.join(', ')}` })
  format?: ReportFormat;
}

export class SlaReportQueryDto extends ReportQueryDto {
  @ApiPropertyOptional({ enum: SLA_GROUPS, default: 'severity', example: 'team' })
  @IsOptional() @IsIn(SLA_GROUPS, { message: `groupBy must be one of ${SLA_GROUPS.join(', ')}` })
  groupBy?: SlaGroup;
}

export const REPEAT_VIEWS = ['rates', 'customers'] as const;

export class RepeatReportQueryDto extends ReportQueryDto {
  @ApiPropertyOptional({ enum: REPEAT_VIEWS, default: 'rates', description: '`rates`: repeat rate by category and tier; `customers`: the 50 customers with most repeats.' })
  @IsOptional() @IsIn(REPEAT_VIEWS, { message: `view must be one of ${REPEAT_VIEWS.join(', ')}` })
  view?: (typeof REPEAT_VIEWS)[number];
}

export const BREACH_LIST_MAX = 1000;

export class BreachListQueryDto extends ReportQueryDto {
  @ApiPropertyOptional({ default: 100, maximum: BREACH_LIST_MAX, description: 'JSON only: at most this many rows (oldest first; `truncated` says there are more). CSV streams them all.' })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(BREACH_LIST_MAX)
  limit?: number;
}

export class SlaReportRow {
  @ApiProperty({ nullable: true, example: 'major', description: 'Group value (id for assignee/team, date for day/week/month). 分组值。' }) group: string | null;
  @ApiProperty({ example: '张伟', description: 'Readable group name. 分组名称。' }) label: string;
  @ApiProperty({ example: 120 }) total: number;
  @ApiProperty({ example: 118 }) acknowledged: number;
  @ApiProperty({ example: 110 }) acknowledgedOnTime: number;
  @ApiProperty({ example: 9 }) acknowledgeMissed: number;
  @ApiProperty({ nullable: true, example: 0.924 }) acknowledgeCompliance: number | null;
  @ApiProperty({ example: 100 }) resolved: number;
  @ApiProperty({ example: 95 }) resolvedOnTime: number;
  @ApiProperty({ example: 7 }) resolveMissed: number;
  @ApiProperty({ nullable: true, example: 0.931 }) resolveCompliance: number | null;
  @ApiProperty({ example: 14 }) breached: number;
  @ApiProperty({ example: 6 }) escalated: number;
  @ApiProperty({ nullable: true, example: 1260.5 }) acknowledgeSecondsP50: number | null;
  @ApiProperty({ nullable: true, example: 5400 }) acknowledgeSecondsP90: number | null;
  @ApiProperty({ nullable: true, example: 43200 }) resolveSecondsP50: number | null;
  @ApiProperty({ nullable: true, example: 80100 }) resolveSecondsP90: number | null;
}

export class ReportPeriodResponse {
  @ApiProperty({ format: 'date-time' }) from: string;
  @ApiProperty({ format: 'date-time' }) to: string;
  @ApiProperty({ example: 'Asia/Shanghai' }) tz: string;
  @ApiProperty({ format: 'date-time', description: 'The instant clocks were judged at (a clock running past its deadline by then is missed).' }) asOf: string;
}

export class SlaReportResponse {
  @ApiProperty({ type: ReportPeriodResponse }) period: ReportPeriodResponse;
  @ApiProperty({ example: 'team' }) groupBy: string;
  @ApiProperty({ type: [SlaReportRow] }) rows: SlaReportRow[];
}

/** Rows of the other reports: their fields are listed in the operation's description and at /reports/definitions. */
export class ReportRowsResponse {
  @ApiProperty({ type: ReportPeriodResponse }) period: ReportPeriodResponse;
  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true } }) rows: Record<string, unknown>[];
  @ApiPropertyOptional({ description: 'Breach list only: more rows than `limit` exist (download the CSV for all).' }) truncated?: boolean;
}

export class MetricDefinitionResponse {
  @ApiProperty({ example: 'acknowledgeCompliance' }) name: string;
  @ApiProperty({ example: 'met / (met + missed) of the acknowledge clocks; null when both are 0' }) definition: string;
}

export class ReportDefinitionResponse {
  @ApiProperty({ example: 'sla' }) report: string;
  @ApiProperty() summary: string;
  @ApiProperty({ type: [String] }) rules: string[];
  @ApiProperty({ type: [MetricDefinitionResponse] }) metrics: MetricDefinitionResponse[];
}

/** GET /reports/definitions: every report's rules and the definition of each field. */
export class ReportDefinitionsResponse {
  @ApiProperty({ type: [ReportDefinitionResponse] }) reports: ReportDefinitionResponse[];
}
