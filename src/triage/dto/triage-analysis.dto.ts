import { ApiProperty } from '@nestjs/swagger';
import {
  DOMINANT_KINDS,
  Dominant,
  EMOTIONAL_NEEDS,
  EmotionalNeed,
  GuidanceStage,
  HandlingGuidance,
  Intensity,
  Language,
  RATIONAL_NEEDS,
  RationalNeed,
  RISK_FLAGS,
  RiskFlag,
  SEVERITIES,
  Severity,
  TriageAnalysis,
} from '../engine';
import { TRIAGE_LANGUAGES } from './analyze-triage.dto';

/** A piece of evidence: `text` is `input.slice(start, end)`; `pattern` is the lexicon entry that matched. */
export class CueDto {
  text: string;
  start: number;
  end: number;
  pattern: string;
}

export class EmotionalNeedEvidenceDto {
  @ApiProperty({ enum: EMOTIONAL_NEEDS }) need: EmotionalNeed;
  cues: CueDto[];
}

export class RationalNeedEvidenceDto {
  @ApiProperty({ enum: RATIONAL_NEEDS }) need: RationalNeed;
  cues: CueDto[];
}

export class RiskEvidenceDto {
  @ApiProperty({ enum: RISK_FLAGS }) flag: RiskFlag;
  cues: CueDto[];
}

/** The engine's reading of a text. */
export class TriageSuggestionDto {
  @ApiProperty({ enum: DOMINANT_KINDS }) dominant: Dominant;
  emotionalNeeds: EmotionalNeedEvidenceDto[];
  rationalNeeds: RationalNeedEvidenceDto[];
  @ApiProperty({ minimum: 0, maximum: 3 }) emotionalIntensity: Intensity;
  @ApiProperty({ enum: RISK_FLAGS, isArray: true }) riskFlags: RiskFlag[];
  /** The text spans behind each risk flag read from the text. */
  riskCues: RiskEvidenceDto[];
  @ApiProperty({ enum: SEVERITIES }) suggestedSeverity: Severity;
  lexiconVersion: string;

  static from(a: TriageAnalysis): TriageSuggestionDto {
    return {
      dominant: a.dominant,
      emotionalNeeds: a.emotionalNeeds,
      rationalNeeds: a.rationalNeeds,
      emotionalIntensity: a.emotionalIntensity,
      riskFlags: a.riskFlags,
      riskCues: a.riskCues,
      suggestedSeverity: a.suggestedSeverity,
      lexiconVersion: a.lexiconVersion,
    };
  }
}

export class GuidanceStageDto {
  @ApiProperty({ enum: ['accept_emotion', 'clarify_facts', 'offer_plan'] }) stage: GuidanceStage;
  phrases: string[];
}

export class RationalCommitmentDto {
  @ApiProperty({ enum: RATIONAL_NEEDS }) need: RationalNeed;
  tell: string[];
}

export class RiskNoteDto {
  @ApiProperty({ enum: RISK_FLAGS }) flag: RiskFlag;
  note: string;
}

/** How to handle the customer: calming stages (emotion first), commitments per rational need, risk notes. */
export class HandlingGuidanceDto {
  stages: GuidanceStageDto[];
  rationalCommitments: RationalCommitmentDto[];
  riskNotes: RiskNoteDto[];

  static from(g: HandlingGuidance): HandlingGuidanceDto {
    return g;
  }
}

export class TriageAnalysisResponseDto extends TriageSuggestionDto {
  @ApiProperty({ enum: TRIAGE_LANGUAGES, description: 'Language of the guidance' }) language: Language;
  guidance: HandlingGuidanceDto;
}
