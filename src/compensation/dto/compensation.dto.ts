import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { PageQueryDto } from '../../common/pagination/cursor';
import { EMOTIONAL_NEEDS, RATIONAL_NEEDS } from '../../domain/triage-vocabulary';
import { COMPENSATION_TYPES, CompensationType, MAX_AMOUNT_MINOR, MAX_POINTS, PROPOSAL_STATUSES, ProposalStatus } from '../compensation.enums';

const NEEDS = [...EMOTIONAL_NEEDS, ...RATIONAL_NEEDS];

export class CreateCompensationDto {
  @ApiProperty({ enum: COMPENSATION_TYPES, example: 'bill_credit', description: 'bill_credit, refund, discount: money; value_added_service, gift: in kind with a stated value; points' })
  @IsIn(COMPENSATION_TYPES)
  type: CompensationType;

  @ApiPropertyOptional({ example: 3000, description: `Integer minor units (3000 = 30.00 CNY), 1..${MAX_AMOUNT_MINOR}; for a service or gift its stated value. Not with points.` })
  @IsOptional() @IsInt() @Min(1) @Max(MAX_AMOUNT_MINOR)
  amount?: number;

  @ApiPropertyOptional({ example: 'CNY', description: 'ISO 4217 code; must be the currency of the approval limits' })
  @IsOptional() @IsString() @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code such as CNY' })
  currency?: string;

  @ApiPropertyOptional({ example: 2000, description: `Points to give (type points only), 1..${MAX_POINTS}` })
  @IsOptional() @IsInt() @Min(1) @Max(MAX_POINTS)
  points?: number;

  @ApiProperty({ example: '话费补偿 30 元 / Bill credit of 30 CNY', maxLength: 500 })
  @IsString() @MinLength(1) @MaxLength(500)
  description: string;

  @ApiProperty({ example: '多扣话费，表示歉意 / Overcharged on the bill; an apology', maxLength: 2000 })
  @IsString() @MinLength(1) @MaxLength(2000)
  rationale: string;

  @ApiPropertyOptional({ enum: NEEDS, isArray: true, example: ['compensation', 'be_respected'], description: 'The customer needs it answers (triage vocabulary)' })
  @IsOptional() @IsArray() @ArrayMaxSize(12) @IsIn(NEEDS, { each: true })
  needs?: string[];
}

export class CompensationActionDto {
  @ApiPropertyOptional({ example: '客户接受 / The customer accepted', maxLength: 2000 })
  @IsOptional() @IsString() @MaxLength(2000)
  reason?: string;

  @ApiPropertyOptional({ description: 'Expected proposal version; a stale one gets 409 (If-Match does the same)' })
  @IsOptional() @IsInt() @Min(1)
  version?: number;
}

export class FulfilCompensationDto extends CompensationActionDto {
  @ApiPropertyOptional({ example: 'BILL-ADJ-20261124-17', maxLength: 200, description: 'Reference of the manual fulfilment (e.g. the billing adjustment)' })
  @IsOptional() @IsString() @MinLength(1) @MaxLength(200)
  reference?: string;
}

export class ListCompensationsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: PROPOSAL_STATUSES, example: 'fulfilment_failed' })
  @IsOptional() @IsIn(PROPOSAL_STATUSES)
  status?: ProposalStatus;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only proposals counted against this team' })
  @IsOptional() @IsUUID()
  teamId?: string;
}

export class ComplaintCompensationsQueryDto extends PageQueryDto {}

export class CompensationSuggestionResponse {
  @ApiProperty({ enum: COMPENSATION_TYPES }) type: CompensationType;
  @ApiPropertyOptional({ example: 3000 }) amount?: number;
  @ApiPropertyOptional({ example: 'CNY' }) currency?: string;
  @ApiPropertyOptional({ example: 3000 }) points?: number;
  @ApiProperty({ example: 3000, description: 'Minor units of the limits\' currency' }) value: number;
  @ApiProperty({ nullable: true, enum: ['agent', 'supervisor', 'manager', 'admin'], description: 'Who would have to approve it if the caller proposed it now (null: within the caller\'s limit)' })
  requiredApproverRole: string | null;
  @ApiProperty({ example: 'Emotional-dominant complaint (be_respected): a gesture before money. Gold customer, ordinary complaint: about 30 CNY.' }) why: string;
  @ApiProperty({ type: [String] }) reasons: string[];
}

export class CompensationSuggestionsResponse {
  @ApiProperty({ type: [CompensationSuggestionResponse] }) items: CompensationSuggestionResponse[];
  @ApiProperty({ example: 'emotional', nullable: true }) dominant: string | null;
  @ApiProperty({ example: 'gold' }) tier: string;
}

