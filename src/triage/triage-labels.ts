/**
 * Pure helpers between the engine's analysis, the labels staff confirm, the complaint's
 * context (repeat, customer tier) and the priority rules. No framework dependencies.
 */
import {
  dominanceOf,
  Dominant,
  EMOTIONAL_NEEDS,
  EmotionalNeed,
  HIGH_VALUE_TIERS,
  Intensity,
  RATIONAL_NEEDS,
  RationalNeed,
  RISK_FLAGS,
  RiskFlag,
  Severity,
  suggestSeverity,
  TriageAnalysis,
  CustomerTier,
} from './engine';
import { derivePriority, PriorityResult, ValueSegment } from '../domain/priority';

/** The label-level view of a triage, without evidence: what staff confirm. */
export interface TriageLabels {
  emotionalNeeds: EmotionalNeed[];
  rationalNeeds: RationalNeed[];
  emotionalIntensity: Intensity;
  riskFlags: RiskFlag[];
}

export interface ComplaintContext {
  isRepeat: boolean;
  customerTier?: CustomerTier;
}

export interface CustomerValue {
  tier: CustomerTier;
  valueSegment?: ValueSegment | null;
  creditGrade?: number | null;
}

/** Sorts and de-duplicates labels in the vocabulary's order. */
export function inOrder<T extends string>(values: readonly T[], order: readonly T[]): T[] {
  const set = new Set(values);
  return order.filter((v) => set.has(v));
}

export function labelsOf(analysis: TriageAnalysis): TriageLabels {
  return {
    emotionalNeeds: analysis.emotionalNeeds.map((n) => n.need),
    rationalNeeds: analysis.rationalNeeds.map((n) => n.need),
    emotionalIntensity: analysis.emotionalIntensity,
    riskFlags: [...analysis.riskFlags],
  };
}

/**
 * The analysis of a complaint's text completed with what the complaint itself knows:
 * `repeat_complaint` when it repeats an earlier one, `high_value_customer` from the tier.
 * The suggested severity is recomputed with those flags.
 */
export function withComplaintContext(analysis: TriageAnalysis, context: ComplaintContext): TriageAnalysis {
  const flags: RiskFlag[] = [...analysis.riskFlags];
  if (context.isRepeat) flags.push('repeat_complaint');
  if (context.customerTier && HIGH_VALUE_TIERS.includes(context.customerTier)) flags.push('high_value_customer');
  const riskFlags = inOrder(flags, RISK_FLAGS);
  return { ...analysis, riskFlags, suggestedSeverity: suggestSeverity(riskFlags, analysis.emotionalIntensity) };
}

/** Dominance of confirmed labels: one point per need, the engine's intensity bonus and ratio. */
export function dominanceOfLabels(labels: TriageLabels): Dominant {
  const e = labels.emotionalNeeds.length + 0.5 * Math.max(0, labels.emotionalIntensity - 1);
  return dominanceOf(e, labels.rationalNeeds.length);
}

/** An analysis-shaped view of confirmed labels (no cues), so guidance can be built from it. */
export function analysisFromLabels(labels: TriageLabels, severity: Severity, lexiconVersion: string): TriageAnalysis {
  return {
    dominant: dominanceOfLabels(labels),
    emotionalNeeds: inOrder(labels.emotionalNeeds, EMOTIONAL_NEEDS).map((need) => ({ need, cues: [] })),
    rationalNeeds: inOrder(labels.rationalNeeds, RATIONAL_NEEDS).map((need) => ({ need, cues: [] })),
    emotionalIntensity: labels.emotionalIntensity,
    riskFlags: inOrder(labels.riskFlags, RISK_FLAGS),
    riskCues: [],
    suggestedSeverity: severity,
    lexiconVersion,
  };
}

/** Priority of a complaint from its severity, the customer's value and the triage labels. */
export function triagePriority(severity: Severity, customer: CustomerValue, labels: Pick<TriageLabels, 'emotionalIntensity' | 'riskFlags'>): PriorityResult {
  return derivePriority({
    severity,
    customerTier: customer.tier,
    valueSegment: customer.valueSegment ?? undefined,
    creditGrade: customer.creditGrade,
    emotionalIntensity: labels.emotionalIntensity,
    riskFlags: labels.riskFlags,
  });
}

/** The complaint text a correction keeps, at most `max` characters. */
export function textExcerpt(summary: string, description: string, max = 500): string {
  const text = `${summary}\n${description}`;
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
