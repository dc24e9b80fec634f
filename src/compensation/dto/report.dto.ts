import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional } from 'class-validator';

export const COMPENSATION_GROUPS = ['type', 'tier', 'dominant', 'team'] as const;
export type CompensationGroup = (typeof COMPENSATION_GROUPS)[number];

export class CompensationReportQueryDto {
  @ApiPropertyOptional({ example: '2026-11-01T00:00:00Z', description: 'Start (inclusive); default 30 days before `to`' })
  @IsOptional() @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ example: '2026-12-01T00:00:00Z', description: 'End (exclusive); default now' })
  @IsOptional() @IsISO8601({ strict: true })
  to?: string;

  @ApiPropertyOptional({ enum: COMPENSATION_GROUPS, example: 'type', description: 'Default type' })
  @IsOptional() @IsIn(COMPENSATION_GROUPS)
  groupBy?: CompensationGroup;
}

export class CompensationReportRow {
  @ApiProperty({ example: 'bill_credit', description: 'The group: a type, a tier, a dominance (emotional, rational, mixed, unknown) or a team (supervisor id; "none")' }) group: string;
  @ApiPropertyOptional({ example: '王主管 / Supervisor Wang', nullable: true, description: 'groupBy=team: the supervisor\'s name' }) name?: string | null;
  @ApiProperty({ example: 12, description: 'Proposals made in the period' }) count: number;
  @ApiProperty({ example: 7, description: 'Accepted by the customer (accepted, fulfilled, fulfilment_failed)' }) accepted: number;
  @ApiProperty({ example: 2 }) declined: number;
  @ApiProperty({ example: 0.78, nullable: true, description: 'accepted / (accepted + declined): of the offers the customer decided; null when none' }) acceptanceRate: number | null;
  @ApiProperty({ example: 21000, description: 'Value of the accepted remedies, minor units' }) totalValue: number;
  @ApiProperty({ example: 3000, nullable: true, description: 'totalValue / accepted, rounded to a minor unit; null when none' }) averageValue: number | null;
  @ApiProperty({ example: 41000, description: 'Value of everything proposed, minor units' }) proposedValue: number;
  @ApiProperty({ example: 'CNY' }) currency: string;
}

export class CostPerResolvedRow {
  @ApiProperty({ example: 'emotional', description: 'The complaint\'s dominance (triage)' }) dominant: string;
  @ApiProperty({ example: true, description: 'An acknowledgement or a customer-visible note came before the first proposal (or there was no proposal and the complaint was acknowledged)' })
  emotionalNeedsAddressedFirst: boolean;
  @ApiProperty({ example: 40, description: 'Complaints received in the period and resolved' }) resolvedComplaints: number;
  @ApiProperty({ example: 9, description: 'Of them, with an accepted remedy' }) compensated: number;
  @ApiProperty({ example: 27000, description: 'Value of their accepted remedies, minor units' }) totalValue: number;
  @ApiProperty({ example: 675, description: 'totalValue / resolvedComplaints, minor units' }) costPerResolvedComplaint: number;
}

export class CompensationReportResponse {
  @ApiProperty({ example: 'type' }) groupBy: string;
  @ApiProperty({ format: 'date-time' }) from: string;
  @ApiProperty({ format: 'date-time' }) to: string;
  @ApiProperty({ example: 'CNY' }) currency: string;
  @ApiProperty({ type: [CompensationReportRow] }) rows: CompensationReportRow[];
  @ApiProperty({ type: [CostPerResolvedRow], description: 'The brief\'s claim made measurable: material cost per resolved complaint, by dominance and by whether the emotion was handled first' })
  costPerResolved: CostPerResolvedRow[];
}
