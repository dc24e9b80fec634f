import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsObject, IsOptional, IsString, IsUUID, Matches, Max, Min, ValidateIf, ValidateNested } from 'class-validator';
import { MAX_AMOUNT_MINOR } from '../compensation.enums';
import { AUTHORITY_ROLES, AuthorityRole } from '../approval-limits';

const MAX_LIMIT = MAX_AMOUNT_MINOR * 100;

export class RoleLimitDto {
  @ApiProperty({ enum: AUTHORITY_ROLES, example: 'agent', description: 'front_desk proposes within the agent limit' })
  @IsIn(AUTHORITY_ROLES)
  role: AuthorityRole;

  @ApiProperty({ nullable: true, example: 5000, description: 'Most one proposal may be worth, minor units; null = unlimited' })
  @ValidateIf((_, v) => v !== null) @IsInt() @Min(0) @Max(MAX_LIMIT)
  maxPerProposal: number | null;

  @ApiProperty({ nullable: true, example: 20000, description: 'Most one customer may be given in a rolling 30 days, minor units; null = unlimited' })
  @ValidateIf((_, v) => v !== null) @IsInt() @Min(0) @Max(MAX_LIMIT)
  maxPerCustomer30Days: number | null;
}

export class PointRateDto {
  @ApiProperty({ example: 100 }) @IsInt() @Min(1) @Max(1_000_000)
  points: number;

  @ApiProperty({ example: 100, description: 'what `points` points are worth, minor units' }) @IsInt() @Min(0) @Max(1_000_000)
  minorUnits: number;
}

export class ApprovalLimitsDto {
  @ApiProperty({ example: 'CNY', description: 'ISO 4217 currency all limits, values and budgets are kept in' })
  @IsString() @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code such as CNY' })
  currency: string;

  @ApiProperty({ type: [RoleLimitDto], description: 'agent, supervisor and manager must be listed; admin left out is unlimited' })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(4) @ValidateNested({ each: true }) @Type(() => RoleLimitDto)
  limits: RoleLimitDto[];

  @ApiPropertyOptional({ type: PointRateDto, description: 'What points are worth (default: kept)' })
  @IsOptional() @IsObject() @ValidateNested() @Type(() => PointRateDto)
  pointRate?: PointRateDto;

  @ApiPropertyOptional({ description: 'Expected settings version; a stale one gets 409' })
  @IsOptional() @IsInt() @Min(1)
  version?: number;
}

export class ApprovalLimitsResponse {
  @ApiProperty({ example: 'CNY' }) currency: string;
  @ApiProperty({ type: [RoleLimitDto] }) limits: RoleLimitDto[];
  @ApiProperty({ type: PointRateDto }) pointRate: PointRateDto;
  @ApiProperty({ example: 2 }) version: number;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
  @ApiProperty({ nullable: true, example: '系统管理员 / Admin' }) updatedBy: string | null;
}

export class TeamBudgetDto {
  @ApiProperty({ format: 'uuid', description: 'The team\'s supervisor (or manager leading it)' })
  @IsUUID()
  teamId: string;

  @ApiProperty({ example: '2026-11', description: 'Calendar month (UTC), YYYY-MM' })
  @IsString() @Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'month must be YYYY-MM' })
  month: string;

  @ApiProperty({ example: 200000, description: 'Budget, minor units of the limits\' currency' })
  @IsInt() @Min(0) @Max(MAX_LIMIT)
  amount: number;
}

export class TeamBudgetResponse {
  @ApiProperty({ format: 'uuid' }) teamId: string;
  @ApiProperty({ example: '2026-11' }) month: string;
  @ApiProperty({ example: 200000 }) amount: number;
}

export class TeamBudgetsQueryDto {
  @ApiPropertyOptional({ example: '2026-11', description: 'YYYY-MM; default the current month (UTC)' })
  @IsOptional() @IsString() @Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'month must be YYYY-MM' })
  month?: string;
}

export class TeamBudgetRowResponse {
  @ApiProperty({ format: 'uuid' }) group: string;
  @ApiProperty({ example: '王主管 / Supervisor Wang', nullable: true }) teamName: string | null;
  @ApiProperty({ example: '2026-11' }) month: string;
  @ApiProperty({ nullable: true, example: 200000, description: 'null: no budget set' }) budget: number | null;
  @ApiProperty({ example: 53000, description: 'Committed (approved, offered, accepted, fulfilled) value approved this month' }) spent: number;
  @ApiProperty({ nullable: true, example: 147000 }) remaining: number | null;
  @ApiProperty({ example: 7 }) proposals: number;
  @ApiProperty({ example: 'CNY' }) currency: string;
}

export class TeamBudgetsResponse {
  @ApiProperty({ type: [TeamBudgetRowResponse] }) rows: TeamBudgetRowResponse[];
}
