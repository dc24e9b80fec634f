import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional } from 'class-validator';

export const SATISFACTION_GROUP_BY = ['all', 'tier', 'category', 'channel', 'severity', 'assignee', 'day', 'week', 'month'] as const;

export class SatisfactionQueryDto {
  @ApiPropertyOptional({ example: '2026-11-01T00:00:00Z', description: 'Revisits scheduled from (default: 30 days before to)' })
  @IsOptional() @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ example: '2026-12-01T00:00:00Z', description: 'Revisits scheduled before (default: now)' })
  @IsOptional() @IsISO8601({ strict: true })
  to?: string;

  @ApiPropertyOptional({ enum: SATISFACTION_GROUP_BY, default: 'all' })
  @IsOptional() @IsIn(SATISFACTION_GROUP_BY)
  groupBy?: (typeof SATISFACTION_GROUP_BY)[number];
}

export class SatisfactionRowDto {
  @ApiProperty({ example: 'gold' }) group: string;
  @ApiProperty({ description: 'Revisits scheduled in the period (cancelled ones left out)' }) revisits: number;
  @ApiProperty({ description: 'Reached (completed)' }) reached: number;
  unreachable: number;
  @ApiProperty({ nullable: true, type: Number, example: 0.85, description: 'reached / revisits' }) completionRate: number | null;
  @ApiProperty({ nullable: true, type: Number }) unreachableRate: number | null;
  @ApiProperty({ nullable: true, type: Number, example: 4.2 }) csatAverage: number | null;
  @ApiProperty({ example: { '1': 0, '2': 1, '3': 2, '4': 5, '5': 9 } }) csatDistribution: Record<'1' | '2' | '3' | '4' | '5', number>;
  @ApiProperty({ nullable: true, type: Number, example: 35.5, description: '% promoters − % detractors' }) nps: number | null;
  npsResponses: number;
  promoters: number;
  passives: number;
  detractors: number;
  @ApiProperty({ description: 'Reopened after a revisit (not satisfied)' }) reopened: number;
  @ApiProperty({ nullable: true, type: Number, description: 'reopened / reached' }) reopenRate: number | null;
  @ApiProperty({ description: 'Detractors whose recovery plan reached NPS ≥ 7' }) detractorsRecovered: number;
}

export class SatisfactionReport {
  from: string;
  to: string;
  @ApiProperty({ enum: SATISFACTION_GROUP_BY }) groupBy: string;
  @ApiProperty({ type: [SatisfactionRowDto] }) rows: SatisfactionRowDto[];
}
