/**
 * Triage vocabulary shared by the engine, the guidance builder and the priority rules.
 * The arrays are the single source of truth; the union types are derived from them.
 */

export const EMOTIONAL_NEEDS = [
  'be_heard',
  'be_understood',
  'be_respected',
  'be_welcomed',
  'be_valued',
  'taken_seriously',
  'vent',
] as const;
export type EmotionalNeed = (typeof EMOTIONAL_NEEDS)[number];

export const RATIONAL_NEEDS = [
  'fix_problem',
  'prevent_recurrence',
  'immediate_action',
  'compensation',
  'accountability',
] as const;
export type RationalNeed = (typeof RATIONAL_NEEDS)[number];

export type Need = EmotionalNeed | RationalNeed;
export type NeedKind = 'emotional' | 'rational';

/** Flags detectable from text. `high_value_customer` is never read from text. */
export const TEXT_RISK_FLAGS = [
  'churn_threat',
  'regulator_threat',
  'media_threat',
  'legal_threat',
  'repeat_complaint',
] as const;

export const RISK_FLAGS = [...TEXT_RISK_FLAGS, 'high_value_customer'] as const;
export type RiskFlag = (typeof RISK_FLAGS)[number];
export type TextRiskFlag = (typeof TEXT_RISK_FLAGS)[number];

// The domain's own enums (plain constants, no framework); HIGH_VALUE_TIERS get `high_value_customer`.
import { Severity, SEVERITIES } from '../../complaints/complaint.enums';
import { CUSTOMER_TIERS, CustomerTier, HIGH_VALUE_TIERS } from '../../customers/customer.enums';
export { CUSTOMER_TIERS, HIGH_VALUE_TIERS, SEVERITIES };
export type { CustomerTier, Severity };

export const DOMINANT_KINDS = ['emotional', 'rational', 'mixed'] as const;
export type Dominant = (typeof DOMINANT_KINDS)[number];

export type Intensity = 0 | 1 | 2 | 3;
export type Language = 'zh' | 'en';

/** A piece of evidence: `text === input.slice(start, end)`. `pattern` is the lexicon entry that matched. */
export interface Cue {
  text: string;
  start: number;
  end: number;
  pattern: string;
}

export interface NeedEvidence<N extends Need = Need> {
  need: N;
  cues: Cue[];
}

export interface RiskEvidence {
  flag: RiskFlag;
  cues: Cue[];
}

export interface TriageAnalysis {
  dominant: Dominant;
  emotionalNeeds: NeedEvidence<EmotionalNeed>[];
  rationalNeeds: NeedEvidence<RationalNeed>[];
  emotionalIntensity: Intensity;
  riskFlags: RiskFlag[];
  riskCues: RiskEvidence[];
  suggestedSeverity: Severity;
  lexiconVersion: string;
}

export type GuidanceStage = 'accept_emotion' | 'clarify_facts' | 'offer_plan';

export interface HandlingGuidance {
  stages: { stage: GuidanceStage; phrases: string[] }[];
  rationalCommitments: { need: RationalNeed; tell: string[] }[];
  riskNotes: { flag: RiskFlag; note: string }[];
}
