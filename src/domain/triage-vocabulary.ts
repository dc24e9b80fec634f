/**
 * The triage vocabulary: the two kinds of need, risk flags, dominance and intensity.
 * Shared by the triage engine, priority rules and complaint responses; the arrays are the
 * single source of truth and the union types are derived from them.
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

export const DOMINANT_KINDS = ['emotional', 'rational', 'mixed'] as const;
export type Dominant = (typeof DOMINANT_KINDS)[number];

export type Intensity = 0 | 1 | 2 | 3;
