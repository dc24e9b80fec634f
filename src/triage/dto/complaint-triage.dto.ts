import { ApiProperty } from '@nestjs/swagger';
import { ActorResponse } from '../../complaints/dto/complaint.response';
import { DOMINANT_KINDS, Dominant, EMOTIONAL_NEEDS, EmotionalNeed, Intensity, Language, RATIONAL_NEEDS, RationalNeed, RISK_FLAGS, RiskFlag, SEVERITIES, Severity } from '../engine';
import { TRIAGE_LANGUAGES } from './analyze-triage.dto';
import { HandlingGuidanceDto, TriageSuggestionDto } from './triage-analysis.dto';

export class ConfirmedTriageDto {
  @ApiProperty({ enum: DOMINANT_KINDS }) dominant: Dominant;
  @ApiProperty({ enum: EMOTIONAL_NEEDS, isArray: true }) emotionalNeeds: EmotionalNeed[];
  @ApiProperty({ enum: RATIONAL_NEEDS, isArray: true }) rationalNeeds: RationalNeed[];
  @ApiProperty({ minimum: 0, maximum: 3 }) emotionalIntensity: Intensity;
  @ApiProperty({ enum: RISK_FLAGS, isArray: true }) riskFlags: RiskFlag[];
  @ApiProperty({ enum: SEVERITIES }) severity: Severity;
  @ApiProperty({ nullable: true, type: String }) note: string | null;
  by: ActorResponse;
  @ApiProperty({ format: 'date-time' }) at: string;
}

/** A complaint's triage: the engine's suggestion, staff's confirmation, and guidance from whichever is current. */
export class ComplaintTriageResponseDto {
  complaintId: string;
  suggestion: TriageSuggestionDto;
  @ApiProperty({ nullable: true, type: () => ConfirmedTriageDto }) confirmed: ConfirmedTriageDto | null;
  @ApiProperty({ enum: DOMINANT_KINDS, description: 'Current value: confirmed if confirmed, else suggested' }) dominant: Dominant;
  @ApiProperty({ minimum: 0, maximum: 3 }) emotionalIntensity: Intensity;
  @ApiProperty({ enum: RISK_FLAGS, isArray: true }) riskFlags: RiskFlag[];
  lexiconVersion: string;
  @ApiProperty({ enum: TRIAGE_LANGUAGES }) language: Language;
  guidance: HandlingGuidanceDto;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) createdAt: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) updatedAt: string | null;
}
