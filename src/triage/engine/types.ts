/**
 * Triage vocabulary shared by the engine, the guidance builder and the priority rules.
 * The arrays are the single source of truth; the union types are derived from them.
 */

export * from '../../domain/triage-vocabulary';
import type { Dominant, EmotionalNeed, Intensity, Need, RationalNeed, RiskFlag } from '../../domain/triage-vocabulary';
// The domain's own enums (plain constants, no framework); HIGH_VALUE_TIERS get `high_value_customer`.
import { Severity, SEVERITIES } from '../../domain/complaint.enums';
import { CUSTOMER_TIERS, CustomerTier, HIGH_VALUE_TIERS } from '../../domain/customer.enums';
export { CUSTOMER_TIERS, HIGH_VALUE_TIERS, SEVERITIES };
export type { CustomerTier, Severity };

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
