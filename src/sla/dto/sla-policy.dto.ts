import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { ROLES } from '../../common/actor/actor';
import { PageQueryDto } from '../../common/pagination/cursor';
import { Channel, CHANNELS, Severity, SEVERITIES } from '../../domain/complaint.enums';
import { CUSTOMER_TIERS, CustomerTier } from '../../domain/customer.enums';
import { REVISIT_ASSIGNMENTS, RevisitAssignment, SlaPolicyEntity } from '../sla-policy.entity';
import { RETRY_DELAY_PATTERN } from '../revisit-settings';

const MAX_SECONDS = 366 * 24 * 3600;

export class PolicyMatchDto {
  @ApiPropertyOptional({ enum: SEVERITIES }) @IsOptional() @IsIn(SEVERITIES) severity?: Severity;
  @ApiPropertyOptional({ enum: CUSTOMER_TIERS }) @IsOptional() @IsIn(CUSTOMER_TIERS) customerTier?: CustomerTier;
  @ApiPropertyOptional({ enum: CHANNELS }) @IsOptional() @IsIn(CHANNELS) channel?: Channel;
}

export class EscalationStepDto {
  @ApiProperty({ minimum: 1, maximum: 9 }) @IsInt() @Min(1) @Max(9) level: number;
  /** Business seconds after the breach at which this level is notified. */
  @ApiProperty({ minimum: 0 }) @IsInt() @Min(0) @Max(MAX_SECONDS) afterBreachSeconds: number;
  @ApiProperty({ enum: [...ROLES, 'assignee'] }) @IsIn([...ROLES, 'assignee']) notifyRole: string;
}

export class CreateSlaPolicyDto {
  @ApiProperty({ maxLength: 120 }) @IsString() @MinLength(1) @MaxLength(120) name: string;

  @ApiProperty({ type: PolicyMatchDto, description: 'Fields left out match anything' })
  @IsObject() @ValidateNested() @Type(() => PolicyMatchDto)
  match: PolicyMatchDto;

  /** Lowest matching rank wins. */
  @ApiProperty() @IsInt() @Min(-1_000_000) @Max(1_000_000) rank: number;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, description: 'No calendar means 24x7' })
  @IsOptional() @IsUUID()
  calendarId?: string | null;

  @ApiProperty({ minimum: 1 }) @IsInt() @Min(1) @Max(MAX_SECONDS) acknowledgeWithinSeconds: number;
  @ApiProperty({ minimum: 1 }) @IsInt() @Min(1) @Max(MAX_SECONDS) resolveWithinSeconds: number;
  @ApiPropertyOptional({ minimum: 1 }) @IsOptional() @IsInt() @Min(1) @Max(MAX_SECONDS) updateEverySeconds?: number | null;
  @ApiPropertyOptional({ minimum: 1 }) @IsOptional() @IsInt() @Min(1) @Max(MAX_SECONDS) revisitWithinSeconds?: number | null;
  @ApiPropertyOptional({ minimum: 1, description: 'Once a revisit falls due, business seconds to reach the customer (revisit clock = time to the call + this); default 24 h' })
  @IsOptional() @IsInt() @Min(1) @Max(MAX_SECONDS) revisitReachWithinSeconds?: number | null;
  @ApiPropertyOptional({ enum: REVISIT_ASSIGNMENTS, default: 'first_contact', description: 'first_contact: who took the complaint in (else its assignee); pool: unassigned, for the call center' })
  @IsOptional() @IsIn(REVISIT_ASSIGNMENTS) revisitAssignTo?: RevisitAssignment;
  @ApiPropertyOptional({ type: [String], example: ['2h', 'next_working_day', '2d'], description: 'Delays after no_answer/busy, in order (the last repeats): 90s, 30m, 2h, 2d or next_working_day' })
  @IsOptional() @IsArray() @ArrayMinSize(1) @ArrayMaxSize(10) @IsString({ each: true }) @Matches(RETRY_DELAY_PATTERN, { each: true, message: 'each delay must be like 90s, 30m, 2h, 2d or next_working_day' })
  revisitRetryDelays?: string[];
  @ApiPropertyOptional({ minimum: 1, maximum: 10, default: 4, description: 'Calls tried before the revisit ends unreachable' })
  @IsOptional() @IsInt() @Min(1) @Max(10) revisitMaxAttempts?: number;
  @ApiPropertyOptional({ enum: CUSTOMER_TIERS, isArray: true, example: ['diamond', 'platinum'], description: 'Tiers that get a second revisit after a satisfied first one' })
  @IsOptional() @IsArray() @ArrayMaxSize(5) @IsIn(CUSTOMER_TIERS, { each: true }) secondRevisitTiers?: CustomerTier[];
  @ApiPropertyOptional({ minimum: 1, description: 'Seconds after the satisfied first revisit at which the second falls due; default 7 days' })
  @IsOptional() @IsInt() @Min(1) @Max(MAX_SECONDS) secondRevisitAfterSeconds?: number | null;
  @ApiPropertyOptional({ minimum: 1, maximum: 31, default: 30, description: 'Days between contacts of a recovery plan (at least monthly)' })
  @IsOptional() @IsInt() @Min(1) @Max(31) recoveryContactEveryDays?: number;
  /** A calendar-day clock beside the business-hours clocks that never pauses. */
  @ApiPropertyOptional({ minimum: 1 }) @IsOptional() @IsInt() @Min(1) @Max(366) finalResponseWithinDays?: number | null;
  /** Code of a regulator preset (GET /sla/regulator-presets) for the final-response clock. */
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(40) regulatorPreset?: string | null;

  @ApiProperty({ minimum: 0, maximum: 1, example: 0.75 }) @IsNumber() @Min(0) @Max(1) warnAtRatio: number;

  @ApiProperty({ type: [EscalationStepDto] })
  @IsArray() @ArrayMaxSize(9) @IsObject({ each: true }) @ValidateNested({ each: true }) @Type(() => EscalationStepDto)
  escalation: EscalationStepDto[];

  @ApiPropertyOptional({ enum: [...ROLES] }) @IsOptional() @IsIn([...ROLES]) notifyAtIntakeRole?: string | null;
  @ApiPropertyOptional({ default: true }) @IsOptional() @IsBoolean() active?: boolean;
}

export class UpdateSlaPolicyDto extends PartialType(CreateSlaPolicyDto) {}

export class ListSlaPoliciesQueryDto extends PageQueryDto {}

export class SlaPolicyResponse {
  id: string;
  name: string;
  match: PolicyMatchDto;
  rank: number;
  @ApiProperty({ nullable: true, type: String }) calendarId: string | null;
  acknowledgeWithinSeconds: number;
  resolveWithinSeconds: number;
  @ApiProperty({ nullable: true, type: Number }) updateEverySeconds: number | null;
  @ApiProperty({ nullable: true, type: Number }) revisitWithinSeconds: number | null;
  @ApiProperty({ nullable: true, type: Number }) revisitReachWithinSeconds: number | null;
  @ApiProperty({ enum: REVISIT_ASSIGNMENTS }) revisitAssignTo: RevisitAssignment;
  revisitRetryDelays: string[];
  revisitMaxAttempts: number;
  @ApiProperty({ enum: CUSTOMER_TIERS, isArray: true }) secondRevisitTiers: CustomerTier[];
  @ApiProperty({ nullable: true, type: Number }) secondRevisitAfterSeconds: number | null;
  recoveryContactEveryDays: number;
  @ApiProperty({ nullable: true, type: Number }) finalResponseWithinDays: number | null;
  @ApiProperty({ nullable: true, type: String }) regulatorPreset: string | null;
  warnAtRatio: number;
  escalation: EscalationStepDto[];
  @ApiProperty({ nullable: true, type: String }) notifyAtIntakeRole: string | null;
  active: boolean;
  version: number;
  createdAt: string;
  updatedAt: string;

  static from(p: SlaPolicyEntity): SlaPolicyResponse {
    const match: PolicyMatchDto = {};
    if (p.matchSeverity) match.severity = p.matchSeverity;
    if (p.matchCustomerTier) match.customerTier = p.matchCustomerTier;
    if (p.matchChannel) match.channel = p.matchChannel;
    return {
      id: p.id,
      name: p.name,
      match,
      rank: p.rank,
      calendarId: p.calendarId,
      acknowledgeWithinSeconds: p.acknowledgeWithinSeconds,
      resolveWithinSeconds: p.resolveWithinSeconds,
      updateEverySeconds: p.updateEverySeconds,
      revisitWithinSeconds: p.revisitWithinSeconds,
      revisitReachWithinSeconds: p.revisitReachWithinSeconds,
      revisitAssignTo: p.revisitAssignTo,
      revisitRetryDelays: p.revisitRetryDelays,
      revisitMaxAttempts: p.revisitMaxAttempts,
      secondRevisitTiers: p.secondRevisitTiers,
      secondRevisitAfterSeconds: p.secondRevisitAfterSeconds,
      recoveryContactEveryDays: p.recoveryContactEveryDays,
      finalResponseWithinDays: p.finalResponseWithinDays,
      regulatorPreset: p.regulatorPreset,
      warnAtRatio: p.warnAtRatio,
      escalation: p.escalation,
      notifyAtIntakeRole: p.notifyAtIntakeRole,
      active: p.active,
      version: p.version,
      createdAt: p.createdAt.toISOString(),
      updatedAt: p.updatedAt.toISOString(),
    };
  }
}

export class SlaPolicyPage {
  items: SlaPolicyResponse[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}
