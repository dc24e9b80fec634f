import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { ActorResponse } from '../../complaints/dto/complaint.response';
import { PageQueryDto } from '../../common/pagination/cursor';
import { EMOTIONAL_NEEDS, EmotionalNeed, Intensity, RATIONAL_NEEDS, RationalNeed, RISK_FLAGS, RiskFlag, SEVERITIES, Severity, DOMINANT_KINDS, Dominant } from '../engine';
import { DIFF_PSEUDO_LABELS } from '../correction-diff';
import { TriageCorrectionEntity } from '../triage-correction.entity';
import { TriageSuggestionDto } from './triage-analysis.dto';

export const CORRECTION_LABELS = [...EMOTIONAL_NEEDS, ...RATIONAL_NEEDS, ...RISK_FLAGS, ...DIFF_PSEUDO_LABELS] as const;
export type CorrectionLabel = (typeof CORRECTION_LABELS)[number];

export class ListCorrectionsQueryDto extends PageQueryDto {
  /** Only corrections that added or removed this need or flag (or changed `intensity` / `severity`). */
  @ApiPropertyOptional({ enum: CORRECTION_LABELS })
  @IsOptional() @IsIn(CORRECTION_LABELS)
  label?: CorrectionLabel;
}

export class EmotionalNeedChangeDto {
  @ApiProperty({ enum: EMOTIONAL_NEEDS, isArray: true }) added: EmotionalNeed[];
  @ApiProperty({ enum: EMOTIONAL_NEEDS, isArray: true }) removed: EmotionalNeed[];
}

export class RationalNeedChangeDto {
  @ApiProperty({ enum: RATIONAL_NEEDS, isArray: true }) added: RationalNeed[];
  @ApiProperty({ enum: RATIONAL_NEEDS, isArray: true }) removed: RationalNeed[];
}

export class RiskFlagChangeDto {
  @ApiProperty({ enum: RISK_FLAGS, isArray: true }) added: RiskFlag[];
  @ApiProperty({ enum: RISK_FLAGS, isArray: true }) removed: RiskFlag[];
}

export class SeverityChangeDto {
  @ApiProperty({ enum: SEVERITIES }) suggested: Severity;
  @ApiProperty({ enum: SEVERITIES }) before: Severity;
  @ApiProperty({ enum: SEVERITIES }) after: Severity;
}

export class TriageDiffDto {
  emotionalNeeds: EmotionalNeedChangeDto;
  rationalNeeds: RationalNeedChangeDto;
  riskFlags: RiskFlagChangeDto;
  /** Confirmed minus suggested intensity. */
  intensityDelta: number;
  severity: SeverityChangeDto;
  labels: string[];
  changed: boolean;
}

export class CorrectionConfirmationDto {
  @ApiProperty({ enum: DOMINANT_KINDS }) dominant: Dominant;
  @ApiProperty({ enum: EMOTIONAL_NEEDS, isArray: true }) emotionalNeeds: EmotionalNeed[];
  @ApiProperty({ enum: RATIONAL_NEEDS, isArray: true }) rationalNeeds: RationalNeed[];
  @ApiProperty({ minimum: 0, maximum: 3 }) emotionalIntensity: Intensity;
  @ApiProperty({ enum: RISK_FLAGS, isArray: true }) riskFlags: RiskFlag[];
  @ApiProperty({ enum: SEVERITIES }) severity: Severity;
  @ApiProperty({ nullable: true, type: String }) note: string | null;
}

export class TriageCorrectionDto {
  id: string;
  complaintId: string;
  /** The complaint text the suggestion was read from (summary and description, cut to 500 characters). */
  textExcerpt: string;
  lexiconVersion: string;
  suggestion: TriageSuggestionDto;
  confirmation: CorrectionConfirmationDto;
  diff: TriageDiffDto;
  actor: ActorResponse;
  @ApiProperty({ format: 'date-time' }) createdAt: string;

  static from(c: TriageCorrectionEntity): TriageCorrectionDto {
    return {
      id: c.id,
      complaintId: c.complaintId,
      textExcerpt: c.textExcerpt,
      lexiconVersion: c.lexiconVersion,
      suggestion: TriageSuggestionDto.from(c.suggestion),
      confirmation: c.confirmation,
      diff: c.diff,
      actor: { type: c.actorType, id: c.actorId, name: c.actorName },
      createdAt: c.createdAt.toISOString(),
    };
  }
}

export class TriageCorrectionPageDto {
  items: TriageCorrectionDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}
